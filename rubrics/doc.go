// Package rubrics defines what a QA rubric says and loads rubric files
// (YAML) into it, reporting every mistake with its file:line:column.
package rubrics
