package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// sidecar talks to this app's own daprd over Dapr's HTTP API, the only way out of the app:
// service invocation to other apps, and the health of the sidecar itself.
type sidecar struct {
	base   string
	token  string
	client *http.Client
}

func newSidecar(port int, token string) *sidecar {
	return &sidecar{base: fmt.Sprintf("http://127.0.0.1:%d", port), token: token, client: &http.Client{Timeout: 10 * time.Second}}
}

func (s *sidecar) request(ctx context.Context, method, path string, query url.Values) (*http.Request, error) {
	target := s.base + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, target, nil)
	if err != nil {
		return nil, err
	}
	if s.token != "" {
		req.Header.Set("dapr-api-token", s.token)
	}
	return req, nil
}

// transientError is a call that may work later (the callee down, slow or overloaded): the
// event that needed it is delivered again (RETRY), a client's request answered 503.
type transientError struct{ err error }

func (e transientError) Error() string { return e.err.Error() }

// invoke GETs `path` (already escaped) of app `appID` through the sidecar and decodes a 200
// answer into `into`. It answers the status; a 5xx, 408, 425 or 429 or no answer at all is a
// transientError, as the platform's contracts say (docs/contracts/routes.openapi.json).
func (s *sidecar) invoke(ctx context.Context, appID, path string, query url.Values, headers http.Header, into any) (int, error) {
	req, err := s.request(ctx, http.MethodGet, "/v1.0/invoke/"+url.PathEscape(appID)+"/method/"+strings.TrimPrefix(path, "/"), query)
	if err != nil {
		return 0, err
	}
	for name, values := range headers {
		for _, v := range values {
			req.Header.Add(name, v)
		}
	}
	res, err := s.client.Do(req)
	if err != nil {
		return 0, transientError{fmt.Errorf("%s %s did not answer: %w", appID, path, err)}
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return 0, transientError{fmt.Errorf("%s %s: reading the answer: %w", appID, path, err)}
	}
	switch {
	case res.StatusCode >= 500 || res.StatusCode == 408 || res.StatusCode == 425 || res.StatusCode == 429:
		return res.StatusCode, transientError{fmt.Errorf("%s %s answered %d: %.300s", appID, path, res.StatusCode, body)}
	case res.StatusCode == http.StatusOK && into != nil:
		if err := json.Unmarshal(body, into); err != nil {
			return res.StatusCode, fmt.Errorf("%s %s answered a body its contract does not allow: %w", appID, path, err)
		}
	}
	return res.StatusCode, nil
}

// outboundHealthy: the sidecar can reach the rest of the platform (it needs no app for that).
func (s *sidecar) outboundHealthy(ctx context.Context) bool {
	req, err := s.request(ctx, http.MethodGet, "/v1.0/healthz/outbound", nil)
	if err != nil {
		return false
	}
	res, err := s.client.Do(req)
	if err != nil {
		return false
	}
	res.Body.Close()
	return res.StatusCode/100 == 2
}
