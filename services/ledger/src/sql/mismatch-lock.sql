SELECT * FROM reconciliation_mismatches WHERE user_id = $(userId) FOR UPDATE
