// Wrapper module that pins the Dapr runtime build (see ARCHITECTURE.md section 7).
// `go install github.com/dapr/dapr/cmd/daprd@v1.18.3` refuses because the runtime's own
// go.mod carries replace directives; requiring it from here with the same replaces works.
module winvestco/dapr-runtime

go 1.26.6

require github.com/dapr/dapr v1.18.3

require github.com/hamba/avro/v2 v2.31.0 // indirect

// Copied from github.com/dapr/dapr v1.18.3 go.mod: keep in step when the pin moves.
replace (
	dubbo.apache.org/dubbo-go/v3 => dubbo.apache.org/dubbo-go/v3 v3.0.3-0.20230118042253-4f159a2b38f3
	github.com/chenzhuoyu/iasm => github.com/chenzhuoyu/iasm v0.9.0
	github.com/chzyer/logex => github.com/chzyer/logex v1.2.1
	github.com/gobwas/pool => github.com/gobwas/pool v0.2.1
	github.com/toolkits/concurrent => github.com/niean/gotools v0.0.0-20151221085310-ff3f51fc5c60
	gopkg.in/couchbaselabs/gocbconnstr.v1 => github.com/couchbaselabs/gocbconnstr v1.0.5
)

// The module proxy reachable from Winvestco machines refuses a few versions the runtime
// asks for ("403 This module version is not available"); these pin the nearest served ones.
// durabletask-go v0.12.1 is what Dapr 1.18.0 shipped with; the pulsar fork (and its avro
// fork) only feed the Pulsar pub/sub component, which Winvestco does not use: the upstream
// client stands in for the fork and avro-config-shim/ for the avro fork.
replace (
	github.com/dapr/durabletask-go => github.com/dapr/durabletask-go v0.12.1
	github.com/iskorotkov/avro/v2 => ./avro-config-shim
)
