// Stand-in for github.com/iskorotkov/avro/v2, which the module proxy refuses. daprd only
// uses it to set allocation limits for the forked Pulsar client; with the upstream Pulsar
// client that setting has nothing to act on, and Winvestco does not use Pulsar.
module github.com/iskorotkov/avro/v2

go 1.22
