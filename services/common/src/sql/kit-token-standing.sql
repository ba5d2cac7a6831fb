-- What a token check needs, in one round trip: the account as known here, and whether the
-- token's session has ended.
SELECT a.status, a.roles, a.token_version,
       EXISTS (SELECT 1 FROM kit_ended_sessions s WHERE s.session_id = $(sessionId)) AS session_ended
  FROM (SELECT $(userId)::uuid AS user_id) wanted
  LEFT JOIN kit_accounts a ON a.user_id = wanted.user_id
