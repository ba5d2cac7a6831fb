// Package avro provides the one type daprd's Pulsar registration touches.
package avro

// Config mirrors the fields daprd sets.
type Config struct {
	MaxSliceAllocSize int
	MaxMapAllocSize   int
}

// API is the frozen configuration.
type API interface{}

// Freeze returns the configuration as an API value.
func (c Config) Freeze() API { return c }

// DefaultConfig is what daprd assigns at start-up.
var DefaultConfig API = Config{}
