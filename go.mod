module github.com/iqa-cli/iqa

go 1.26.0

require (
	golang.org/x/net v0.62.0
	golang.org/x/text v0.43.0
)

require gopkg.in/yaml.v3 v3.0.1
