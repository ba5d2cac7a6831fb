-- The accounts an entry posts to, added to the chart on first use. In code order, so two
-- first postings for one user take the new rows' locks in the same order.
INSERT INTO accounts (code, type)
SELECT code, type FROM unnest($(codes)::text[], $(types)::text[]) AS a(code, type)
 ORDER BY code
ON CONFLICT (code) DO NOTHING
