module github.com/iqa-cli/iqa

go 1.26.0

require (
	github.com/jonreiter/govader v0.0.0-20250429093935-f6505c8d03cc
	golang.org/x/net v0.62.0
	golang.org/x/text v0.43.0
)

require gonum.org/v1/gonum v0.8.2 // indirect
