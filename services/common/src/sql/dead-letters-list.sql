-- Open ones first (oldest first: the first to look at), then replayed ones, newest first.
SELECT * FROM dead_letters
 WHERE ($(topic)::text IS NULL OR topic = $(topic))
   AND ($(subject)::text IS NULL OR subject = $(subject))
   AND (NOT $(openOnly) OR replayed_at IS NULL)
 ORDER BY (replayed_at IS NULL) DESC, CASE WHEN replayed_at IS NULL THEN received_at END ASC, received_at DESC
 LIMIT $(limit)
