module github.com/iqa-cli/iqa

go 1.26.0

require (
	golang.org/x/net v0.62.0
	golang.org/x/text v0.43.0
	gopkg.in/neurosnap/sentences.v1 v1.0.6
	gopkg.in/yaml.v3 v3.0.1
)

require github.com/neurosnap/sentences v1.0.6 // indirect
