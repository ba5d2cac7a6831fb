// Large-trade surveillance, in Go: it consumes trade.executed from the trades topic through
// its own Dapr sidecar, flags every fill whose quantity × price exceeds a threshold, keeps the
// alerts in its own PostgreSQL database, names each instrument by asking the market service
// (Dapr service invocation), and answers the alerts to ADMINs over HTTP, which clients reach
// through the platform's gateway. Only the standard library, a PostgreSQL driver and Dapr's
// HTTP API; what it relies on is in docs/contracts/.
package main

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

func main() {
	cfg, err := readConfig()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(cfg.logLevel))
	log := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: level})).With("app", cfg.appID)
	if err := run(cfg, log); err != nil {
		log.Error("stopped", "error", err.Error())
		os.Exit(1)
	}
}

func run(cfg config, log *slog.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	// A launcher killed outright (SIGKILL) cannot stop its children: this one stops when it is orphaned.
	go func(parent int) {
		for ctx.Err() == nil {
			time.Sleep(time.Second)
			if os.Getppid() != parent {
				log.Warn("the process that started this app is gone; stopping")
				stop()
			}
		}
	}(os.Getppid())

	st, err := openStore(ctx, cfg.db, cfg.appID)
	if err != nil {
		return err
	}
	defer st.pool.Close()
	dapr := newSidecar(cfg.daprHTTPPort, cfg.daprAPIToken)
	app := &surveillance{cfg: cfg, store: st, dapr: dapr, log: log}
	auth := &tokens{dapr: dapr, userApp: cfg.userApp}

	// Listen first: the sidecar finds the app on its port, and /readyz says when it may send work.
	ready := make(chan struct{})
	server := &http.Server{Handler: routes(app, auth, ready), ReadHeaderTimeout: 5 * time.Second}
	listener, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", cfg.port))
	if err != nil {
		return err
	}
	go func() {
		if err := server.Serve(listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("the HTTP server failed", "error", err.Error())
			stop()
		}
	}()

	for attempt := 1; ; attempt++ {
		applied, err := st.migrate(ctx)
		if err == nil {
			log.Info("database ready", "database", cfg.db.name, "migrationsApplied", applied)
			break
		}
		if ctx.Err() != nil || attempt >= 60 {
			return fmt.Errorf("migrations: %w", err)
		}
		log.Warn("database migration failed; retrying", "attempt", attempt, "error", err.Error())
		time.Sleep(time.Second)
	}
	close(ready)
	log.Info(cfg.appID+" is ready", "port", cfg.port, "threshold", formatMoney(cfg.threshold), "topic", cfg.topicPrefix+tradesTopic)

	<-ctx.Done()
	log.Info("stopping " + cfg.appID)
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return server.Shutdown(shutdown)
}

// routes: the sidecar's (subscriptions, deliveries, health) and the clients' (/surveillance/**).
func routes(app *surveillance, auth *tokens, ready <-chan struct{}) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-ready:
		default:
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "starting"})
			return
		}
		db, sidecar := app.store.ping(r.Context()), app.dapr.outboundHealthy(r.Context())
		status := http.StatusOK
		if !db || !sidecar {
			status = http.StatusServiceUnavailable
		}
		writeJSON(w, status, map[string]bool{"database": db, "sidecar": sidecar})
	})
	mux.HandleFunc("GET /dapr/subscribe", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, subscriptions(app.cfg)) })
	mux.HandleFunc("POST "+executedRoute, func(w http.ResponseWriter, r *http.Request) {
		var event cloudEvent
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&event); err != nil || event.ID == "" {
			app.log.Warn("a delivery that is not a CloudEvent; dropping it")
			writeJSON(w, http.StatusOK, map[string]outcome{"status": drop})
			return
		}
		writeJSON(w, http.StatusOK, map[string]outcome{"status": app.onTradeExecuted(r.Context(), event)})
	})
	// Every other type on the topic (trade.order-cancelled): nothing to do, acknowledged.
	mux.HandleFunc("POST "+tradesRoute, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]outcome{"status": success})
	})
	mux.HandleFunc("GET /surveillance/alerts", func(w http.ResponseWriter, r *http.Request) {
		if _, err := auth.admin(r.Context(), r); err != nil {
			refuse(w, err)
			return
		}
		query := r.URL.Query()
		symbol := query.Get("symbol")
		if symbol != "" && !symbolText.MatchString(symbol) {
			writeProblem(w, http.StatusBadRequest, "Your request is not valid", "symbol must be 1 to 20 capital letters, digits, & or -, such as INFY", "symbol")
			return
		}
		limit := 50
		if raw := query.Get("limit"); raw != "" {
			n, err := strconv.Atoi(raw)
			if err != nil || n < 1 || n > 200 {
				writeProblem(w, http.StatusBadRequest, "Your request is not valid", "limit must be a whole number from 1 to 200", "limit")
				return
			}
			limit = n
		}
		items, err := app.store.list(r.Context(), symbol, limit)
		if err != nil {
			app.log.Error("listing alerts failed", "error", err.Error())
			writeProblem(w, http.StatusServiceUnavailable, "Alerts cannot be read right now", "try again in a moment", "")
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"items": items})
	})
	return appToken(app.cfg.appAPIToken, mux)
}

// appToken: with APP_API_TOKEN set, only this app's sidecar (which sends it) may call it;
// health stays open for the sidecar's probes.
func appToken(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		open := r.URL.Path == "/healthz" || r.URL.Path == "/readyz"
		if token != "" && !open && subtle.ConstantTimeCompare([]byte(r.Header.Get("dapr-api-token")), []byte(token)) != 1 {
			writeProblem(w, http.StatusUnauthorized, "Not from this app's sidecar", "every call reaches this app through its Dapr sidecar", "")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func refuse(w http.ResponseWriter, err error) {
	var denied authError
	if errors.As(err, &denied) {
		title := "Not signed in"
		if denied.status == http.StatusForbidden {
			title = "Not allowed"
		}
		writeProblem(w, denied.status, title, denied.detail, "")
		return
	}
	w.Header().Set("Retry-After", "1")
	writeProblem(w, http.StatusServiceUnavailable, "Your session cannot be checked right now", "try again in a moment", "")
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// writeProblem answers RFC 9457 problem details, naming the field at fault, as every service does.
func writeProblem(w http.ResponseWriter, status int, title, detail, field string) {
	body := map[string]any{"type": "about:blank", "title": title, "status": status, "detail": detail}
	if field != "" {
		body["errors"] = []map[string]string{{"field": field, "message": detail}}
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
