package main

import (
	"context"
	"embed"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrations embed.FS

type store struct{ pool *pgxpool.Pool }

func openStore(ctx context.Context, c dbConfig, appID string) (*store, error) {
	u := url.URL{Scheme: "postgres", Host: c.host + ":" + c.port, Path: "/" + c.name, RawQuery: url.Values{"sslmode": {"disable"}, "application_name": {appID}}.Encode()}
	if c.password != "" {
		u.User = url.UserPassword(c.user, c.password)
	} else {
		u.User = url.User(c.user)
	}
	cfg, err := pgxpool.ParseConfig(u.String())
	if err != nil {
		return nil, err
	}
	cfg.MaxConns = 5
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &store{pool: pool}, nil
}

// migrate applies migrations/NNN_name.sql in order, each once and in its own transaction;
// an advisory lock keeps two replicas from applying the same one.
func (s *store) migrate(ctx context.Context) ([]string, error) {
	entries, err := migrations.ReadDir("migrations")
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	if _, err := s.pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return nil, err
	}
	var applied []string
	for _, name := range names {
		version := strings.TrimSuffix(name, ".sql")
		done, err := s.applyOne(ctx, name, version)
		if err != nil {
			return applied, fmt.Errorf("migration %s: %w", name, err)
		}
		if done {
			applied = append(applied, version)
		}
	}
	return applied, nil
}

func (s *store) applyOne(ctx context.Context, name, version string) (bool, error) {
	text, err := migrations.ReadFile("migrations/" + name)
	if err != nil {
		return false, err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('surveillance migrations'))`); err != nil {
		return false, err
	}
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, version).Scan(&exists); err != nil || exists {
		return false, err
	}
	if _, err := tx.Exec(ctx, string(text)); err != nil {
		return false, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version) VALUES ($1)`, version); err != nil {
		return false, err
	}
	return true, tx.Commit(ctx)
}

type alert struct {
	AlertID        string  `json:"alertId"`
	ExecutionID    string  `json:"executionId"`
	OrderID        string  `json:"orderId"`
	UserID         string  `json:"userId"`
	Symbol         string  `json:"symbol"`
	InstrumentName *string `json:"instrumentName"`
	Side           string  `json:"side"`
	Quantity       int64   `json:"quantity"`
	Price          string  `json:"price"`
	Notional       string  `json:"notional"`
	Threshold      string  `json:"threshold"`
	Currency       string  `json:"currency"`
	ExecutedAt     string  `json:"executedAt"`
	FlaggedAt      string  `json:"flaggedAt"`
	eventID        string
}

// save keeps the alert unless the fill has one already (a redelivery); answers whether it was new.
func (s *store) save(ctx context.Context, a alert) (bool, error) {
	tag, err := s.pool.Exec(ctx, `
		INSERT INTO alerts (alert_id, execution_id, event_id, order_id, user_id, symbol, instrument_name, side, quantity, price, notional, threshold, currency, executed_at)
		VALUES ($1::text::uuid, $2::text::uuid, $3, $4::text::uuid, $5::text::uuid, $6, $7, $8, $9, $10::text::numeric, $11::text::numeric, $12::text::numeric, $13, $14::text::timestamptz)
		ON CONFLICT (execution_id) DO NOTHING`,
		a.AlertID, a.ExecutionID, a.eventID, a.OrderID, a.UserID, a.Symbol, a.InstrumentName, a.Side, a.Quantity, a.Price, a.Notional, a.Threshold, a.Currency, a.ExecutedAt)
	if err != nil {
		return false, err
	}
	return tag.RowsAffected() == 1, nil
}

// hasAlert: whether the fill was flagged already (a redelivery needs no second look-up).
func (s *store) hasAlert(ctx context.Context, executionID string) (bool, error) {
	var found bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM alerts WHERE execution_id = $1::text::uuid)`, executionID).Scan(&found)
	return found, err
}

// list answers the newest alerts first, of one symbol when it is given.
func (s *store) list(ctx context.Context, symbol string, limit int) ([]alert, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT alert_id::text, execution_id::text, order_id::text, user_id::text, symbol, instrument_name, side, quantity,
		       price::text, notional::text, threshold::text, currency, executed_at, flagged_at
		FROM alerts WHERE ($1 = '' OR symbol = $1)
		ORDER BY flagged_at DESC, alert_id DESC LIMIT $2`, symbol, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	items := []alert{}
	for rows.Next() {
		var a alert
		var executedAt, flaggedAt time.Time
		if err := rows.Scan(&a.AlertID, &a.ExecutionID, &a.OrderID, &a.UserID, &a.Symbol, &a.InstrumentName, &a.Side, &a.Quantity,
			&a.Price, &a.Notional, &a.Threshold, &a.Currency, &executedAt, &flaggedAt); err != nil {
			return nil, err
		}
		a.ExecutedAt = executedAt.UTC().Format(time.RFC3339Nano)
		a.FlaggedAt = flaggedAt.UTC().Format(time.RFC3339Nano)
		items = append(items, a)
	}
	return items, rows.Err()
}

func (s *store) ping(ctx context.Context) bool {
	return s.pool.Ping(ctx) == nil
}
