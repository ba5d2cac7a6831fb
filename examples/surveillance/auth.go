package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Access tokens are the user service's: EdDSA (Ed25519) JWTs, issuer winvestco-user-service,
// audience winvestco, with sub (user id), roles, ver (token version) and sid (session). The
// signature is checked with the key the user service publishes (GET /.well-known/jwks.json),
// and the token's standing with the user service itself (GET /internal/sessions/accounts/{sub}
// ?sessionId={sid}, granted to this app in dapr/policy.yaml): a session ended, an account no
// longer ACTIVE or a token of an older version is refused, and the roles are the account's
// as they are now, never the token's.
const (
	issuer   = "winvestco-user-service"
	audience = "winvestco"
)

type authError struct {
	status int
	detail string
}

func (e authError) Error() string { return e.detail }

type claims struct {
	Sub string          `json:"sub"`
	Sid string          `json:"sid"`
	Ver int64           `json:"ver"`
	Iss string          `json:"iss"`
	Aud json.RawMessage `json:"aud"`
	Exp int64           `json:"exp"`
}

type accountSession struct {
	Status       string   `json:"status"`
	Roles        []string `json:"roles"`
	TokenVersion int64    `json:"tokenVersion"`
	SessionEnded bool     `json:"sessionEnded"`
}

type tokens struct {
	dapr    *sidecar
	userApp string
	mu      sync.Mutex
	keys    map[string]ed25519.PublicKey
	fetched time.Time
}

func (t *tokens) key(ctx context.Context, kid string) (ed25519.PublicKey, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if k, ok := t.keys[kid]; ok {
		return k, nil
	}
	if time.Since(t.fetched) < 30*time.Second && t.keys != nil {
		return nil, authError{http.StatusUnauthorized, "the token was signed with a key the platform does not publish"}
	}
	var jwks struct {
		Keys []struct {
			Kty, Crv, X, Kid string
		} `json:"keys"`
	}
	status, err := t.dapr.invoke(ctx, t.userApp, ".well-known/jwks.json", nil, nil, &jwks)
	if err != nil || status != http.StatusOK {
		return nil, transientError{errors.New("the user service's keys could not be read")}
	}
	t.keys = map[string]ed25519.PublicKey{}
	for _, k := range jwks.Keys {
		raw, err := base64.RawURLEncoding.DecodeString(k.X)
		if k.Kty == "OKP" && k.Crv == "Ed25519" && err == nil && len(raw) == ed25519.PublicKeySize {
			t.keys[k.Kid] = ed25519.PublicKey(raw)
		}
	}
	t.fetched = time.Now()
	if k, ok := t.keys[kid]; ok {
		return k, nil
	}
	return nil, authError{http.StatusUnauthorized, "the token was signed with a key the platform does not publish"}
}

func part(text string, into any) bool {
	raw, err := base64.RawURLEncoding.DecodeString(text)
	return err == nil && json.Unmarshal(raw, into) == nil
}

// admin lets the request through only for a standing ADMIN; answers the admin's user id.
func (t *tokens) admin(ctx context.Context, r *http.Request) (string, error) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return "", authError{http.StatusUnauthorized, "a bearer token is required"}
	}
	pieces := strings.Split(token, ".")
	var header struct{ Alg, Kid string }
	var c claims
	if len(pieces) != 3 || !part(pieces[0], &header) || !part(pieces[1], &c) || header.Alg != "EdDSA" {
		return "", authError{http.StatusUnauthorized, "the token is not a platform access token"}
	}
	key, err := t.key(ctx, header.Kid)
	if err != nil {
		return "", err
	}
	signature, err := base64.RawURLEncoding.DecodeString(pieces[2])
	if err != nil || !ed25519.Verify(key, []byte(pieces[0]+"."+pieces[1]), signature) {
		return "", authError{http.StatusUnauthorized, "the token's signature is not valid"}
	}
	var audiences []string
	if json.Unmarshal(c.Aud, &audiences) != nil {
		var one string
		_ = json.Unmarshal(c.Aud, &one)
		audiences = []string{one}
	}
	if c.Iss != issuer || !slices.Contains(audiences, audience) || c.Exp <= time.Now().Unix() || !uuidText.MatchString(c.Sub) || !uuidText.MatchString(c.Sid) {
		return "", authError{http.StatusUnauthorized, "the token has expired or is not for this platform"}
	}
	var standing accountSession
	status, err := t.dapr.invoke(ctx, t.userApp, "internal/sessions/accounts/"+url.PathEscape(c.Sub), url.Values{"sessionId": {c.Sid}}, nil, &standing)
	switch {
	case err != nil:
		return "", err
	case status == http.StatusNotFound:
		return "", authError{http.StatusUnauthorized, "the token's account does not exist"}
	case status != http.StatusOK:
		return "", transientError{errors.New("the user service could not say whether the session stands")}
	case standing.SessionEnded || c.Ver != standing.TokenVersion:
		return "", authError{http.StatusUnauthorized, "this session has ended; log in again"}
	case standing.Status != "ACTIVE":
		return "", authError{http.StatusForbidden, "this account is " + standing.Status}
	case !slices.Contains(standing.Roles, "ADMIN"):
		return "", authError{http.StatusForbidden, "surveillance alerts are for ADMIN accounts only"}
	}
	return c.Sub, nil
}
