SELECT status, expires_at, CASE WHEN $(format) = 'csv' THEN csv ELSE pdf END AS content, type, period_from::text, period_to::text
  FROM reports WHERE id = $(id) AND user_id = $(userId)
