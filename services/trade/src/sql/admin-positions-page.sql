-- Σ fills per user and symbol, for one page of users taken in the order of their first fill
-- (then id): the key never changes once a user has traded, so a scan keeps its place while
-- fills are added. One row per user; its symbols as a JSON array. Whole shares as bigint,
-- amounts as NUMERIC, both sent as text so nothing is rounded on the way.
WITH users AS (
  SELECT user_id, min(executed_at) AS first_at FROM executions GROUP BY user_id
), page AS (
  SELECT user_id, first_at FROM users
   WHERE ($(afterAt)::timestamptz IS NULL OR (first_at, user_id) > ($(afterAt)::timestamptz, $(afterId)::uuid))
   ORDER BY first_at, user_id
   LIMIT $(limit)
), sums AS (
  SELECT e.user_id, e.symbol,
         COALESCE(sum(e.quantity) FILTER (WHERE e.side = 'BUY'), 0)::bigint AS bought,
         COALESCE(sum(e.quantity) FILTER (WHERE e.side = 'SELL'), 0)::bigint AS sold,
         COALESCE(sum(e.quantity * e.price) FILTER (WHERE e.side = 'BUY'), 0)::numeric(20,4) AS bought_value,
         COALESCE(sum(e.quantity * e.price) FILTER (WHERE e.side = 'SELL'), 0)::numeric(20,4) AS sold_value,
         sum(e.fees)::numeric(20,4) AS fees,
         count(*)::int AS fills,
         max(e.executed_at) AS last_at
    FROM executions e
    JOIN page p ON p.user_id = e.user_id
   GROUP BY e.user_id, e.symbol
)
SELECT p.user_id AS id, to_char(p.first_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at,
       jsonb_agg(jsonb_build_object(
         'symbol', s.symbol, 'bought', s.bought::text, 'sold', s.sold::text, 'boughtValue', s.bought_value::text, 'soldValue', s.sold_value::text,
         'fees', s.fees::text, 'fills', s.fills, 'lastExecutedAt', to_char(s.last_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
       ) ORDER BY s.symbol) AS symbols
  FROM page p
  JOIN sums s ON s.user_id = p.user_id
 GROUP BY p.user_id, p.first_at
 ORDER BY p.first_at, p.user_id
