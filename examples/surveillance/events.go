package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"net/url"
	"regexp"
	"sync"
	"time"
)

// What this app consumes, as docs/contracts/asyncapi.json describes it: topic `trades`,
// CloudEvent type `trade.executed` (schema docs/contracts/schemas/trade.executed.json).
// FOREIGN_APPS in services/common/src/names.ts declares the same for the platform.
const (
	tradesTopic   = "trades"
	tradeExecuted = "trade.executed"
	tradesRoute   = "/events/trades"
	executedRoute = "/events/trades/trade.executed"
)

type subscription struct {
	PubsubName string `json:"pubsubname"`
	Topic      string `json:"topic"`
	Routes     struct {
		Rules   []rule `json:"rules"`
		Default string `json:"default"`
	} `json:"routes"`
}

type rule struct {
	Match string `json:"match"`
	Path  string `json:"path"`
}

// subscriptions is the answer to GET /dapr/subscribe: a rule for the one type this app
// handles; every other type on the topic goes to the default route, which acknowledges it.
func subscriptions(c config) []subscription {
	s := subscription{PubsubName: c.pubsub, Topic: c.topicPrefix + tradesTopic}
	s.Routes.Rules = []rule{{Match: fmt.Sprintf("event.type == %q", tradeExecuted), Path: executedRoute}}
	s.Routes.Default = tradesRoute
	return []subscription{s}
}

// cloudEvent is the envelope Dapr delivers (structured mode); `id` is the event's identity.
type cloudEvent struct {
	ID   string          `json:"id"`
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

// fill is trade.executed's data; only the fields this app reads. Unknown fields are ignored.
type fill struct {
	ExecutionID string `json:"executionId"`
	OrderID     string `json:"orderId"`
	UserID      string `json:"userId"`
	Symbol      string `json:"symbol"`
	Side        string `json:"side"`
	Quantity    int64  `json:"quantity"`
	Price       string `json:"price"`
	Currency    string `json:"currency"`
	ExecutedAt  string `json:"executedAt"`
}

var (
	uuidText   = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	symbolText = regexp.MustCompile(`^[A-Z0-9&-]{1,20}$`)
)

// problem says why a fill can never be applied (the contract's rules), or "" when it can.
func (f fill) problem() string {
	switch {
	case !uuidText.MatchString(f.ExecutionID) || !uuidText.MatchString(f.OrderID) || !uuidText.MatchString(f.UserID):
		return "executionId, orderId and userId must be UUIDs"
	case !symbolText.MatchString(f.Symbol):
		return "symbol must be 1 to 20 capital letters, digits, & or -"
	case f.Side != "BUY" && f.Side != "SELL":
		return "side must be BUY or SELL"
	case f.Quantity < 1:
		return "quantity must be a whole number of at least 1"
	case len(f.Currency) != 3:
		return "currency must be three letters"
	}
	if _, ok := parseMoney(f.Price, true); !ok {
		return "price must be a decimal string above zero with at most 4 decimals"
	}
	if _, err := time.Parse(time.RFC3339Nano, f.ExecutedAt); err != nil {
		return "executedAt must be an RFC 3339 time"
	}
	return ""
}

// outcome is what Dapr is told: SUCCESS (done), RETRY (deliver it again later), DROP (never).
type outcome string

const (
	success outcome = "SUCCESS"
	retry   outcome = "RETRY"
	drop    outcome = "DROP"
)

type surveillance struct {
	cfg   config
	store *store
	dapr  *sidecar
	log   *slog.Logger
	names sync.Map // symbol → instrument name (names do not change while the app runs)
}

// onTradeExecuted flags a fill whose quantity × price exceeds the threshold, once per fill.
func (s *surveillance) onTradeExecuted(ctx context.Context, event cloudEvent) outcome {
	var f fill
	if err := json.Unmarshal(event.Data, &f); err != nil {
		s.log.Warn("a trade.executed whose data is not its contract; dropping it", "eventId", event.ID, "error", err.Error())
		return drop
	}
	if p := f.problem(); p != "" {
		s.log.Warn("a trade.executed its contract does not allow; dropping it", "eventId", event.ID, "problem", p)
		return drop
	}
	price, _ := parseMoney(f.Price, true)
	notional := new(big.Rat).Mul(price, new(big.Rat).SetInt64(f.Quantity))
	if notional.Cmp(s.cfg.threshold) <= 0 {
		return success
	}
	if known, err := s.store.hasAlert(ctx, f.ExecutionID); err != nil {
		s.log.Error("reading alerts failed; Dapr will deliver the event again", "eventId", event.ID, "error", err.Error())
		return retry
	} else if known {
		return success
	}
	name, err := s.instrumentName(ctx, f.Symbol)
	if err != nil {
		s.log.Warn("the market service could not name the instrument now; Dapr will deliver the event again", "eventId", event.ID, "symbol", f.Symbol, "error", err.Error())
		return retry
	}
	a := alert{
		AlertID: newUUID(), ExecutionID: f.ExecutionID, OrderID: f.OrderID, UserID: f.UserID, Symbol: f.Symbol, InstrumentName: name,
		Side: f.Side, Quantity: f.Quantity, Price: formatMoney(price), Notional: formatMoney(notional), Threshold: formatMoney(s.cfg.threshold),
		Currency: f.Currency, ExecutedAt: f.ExecutedAt, eventID: event.ID,
	}
	created, err := s.store.save(ctx, a)
	if err != nil {
		s.log.Error("saving an alert failed; Dapr will deliver the event again", "eventId", event.ID, "error", err.Error())
		return retry
	}
	if created {
		s.log.Info("large trade flagged", "executionId", f.ExecutionID, "symbol", f.Symbol, "notional", a.Notional, "threshold", a.Threshold)
	}
	return success
}

type instrument struct {
	Symbol string `json:"symbol"`
	Name   string `json:"name"`
}

// instrumentName asks the market service (GET /instruments/{symbol}, routes.openapi.json)
// through this app's sidecar; nil when the market does not list the symbol (404).
func (s *surveillance) instrumentName(ctx context.Context, symbol string) (*string, error) {
	if name, ok := s.names.Load(symbol); ok {
		n := name.(string)
		return &n, nil
	}
	var found instrument
	status, err := s.dapr.invoke(ctx, s.cfg.marketApp, "instruments/"+url.PathEscape(symbol), nil, nil, &found)
	switch {
	case err != nil:
		return nil, err
	case status == http.StatusNotFound:
		return nil, nil
	case status != http.StatusOK || found.Name == "":
		return nil, transientError{fmt.Errorf("the market answered %d for instrument %s", status, symbol)}
	}
	s.names.Store(symbol, found.Name)
	return &found.Name, nil
}

func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(errors.New("no randomness: " + err.Error()))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
