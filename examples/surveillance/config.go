package main

import (
	"fmt"
	"math/big"
	"os"
	"strconv"
	"strings"
)

// config comes from the environment only, as every app's does: the launcher (npm start, the
// test harness or `dapr run`) gives APP_PORT, DAPR_HTTP_PORT, the two tokens and the database.
type config struct {
	appID        string
	port         int
	daprHTTPPort int
	// DAPR_API_TOKEN: what this app shows its sidecar. APP_API_TOKEN: what the sidecar shows this app.
	daprAPIToken string
	appAPIToken  string
	db           dbConfig
	pubsub       string
	topicPrefix  string
	marketApp    string
	userApp      string
	// A fill is flagged when quantity × price exceeds it (the currency's amount, a decimal).
	threshold *big.Rat
	logLevel  string
}

type dbConfig struct {
	host, port, name, user, password string
}

func readConfig() (config, error) {
	var problems []string
	get := func(name, fallback string) string {
		if v := os.Getenv(name); v != "" {
			return v
		}
		return fallback
	}
	port := func(name, fallback string) int {
		raw := get(name, fallback)
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > 65535 {
			problems = append(problems, fmt.Sprintf("%s must be a TCP port (1-65535), got %q", name, raw))
		}
		return n
	}
	c := config{
		appID:        get("APP_ID", "surveillance-service"),
		port:         port("APP_PORT", ""),
		daprHTTPPort: port("DAPR_HTTP_PORT", "3500"),
		daprAPIToken: os.Getenv("DAPR_API_TOKEN"),
		appAPIToken:  os.Getenv("APP_API_TOKEN"),
		db: dbConfig{
			host:     get("PGHOST", "127.0.0.1"),
			port:     get("PGPORT", "5432"),
			name:     get("DB_NAME", "winvestco_surveillance_db"),
			user:     get("DB_USER", "winvestco_surveillance"),
			password: os.Getenv("DB_PASSWORD"),
		},
		pubsub:      get("PUBSUB_NAME", "pubsub"),
		topicPrefix: os.Getenv("TOPIC_PREFIX"),
		marketApp:   get("MARKET_APP_ID", "market-service"),
		userApp:     get("USER_APP_ID", "user-service"),
		logLevel:    strings.ToLower(get("LOG_LEVEL", "info")),
	}
	threshold := get("SURVEILLANCE_THRESHOLD", "1000000.0000")
	if t, ok := parseMoney(threshold, false); ok {
		c.threshold = t
	} else {
		problems = append(problems, fmt.Sprintf("SURVEILLANCE_THRESHOLD must be an amount such as \"1000000.00\", got %q", threshold))
	}
	if len(problems) > 0 {
		return c, fmt.Errorf("invalid configuration:\n  - %s", strings.Join(problems, "\n  - "))
	}
	return c, nil
}
