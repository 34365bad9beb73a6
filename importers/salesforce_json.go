package importers

import (
	"bufio"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
)

// Salesforce REST and Bulk API query results in JSON: {"totalSize":…,
// "done":true,"records":[…]} (pages appended, or JSON Lines), or the
// Salesforce CLI's {"status":0,"result":{"records":[…]}}. Each record has
// "attributes":{"type":"EmailMessage",…}; relationship fields are nested
// objects ("Parent":{"Status":"Closed","Owner":{"Name":"Kim"}}) read as
// Parent.Status and Parent.Owner.Name. A Case record with its
// EmailMessages, CaseComments or LiveChatTranscripts (a SOQL subquery, or
// an sObject tree export, whose records carry a referenceId instead of an
// Id) is read as those records, with the case's fields as theirs.

// sfRecordType finds the attributes.type of a record in a head.
var sfRecordType = regexp.MustCompile(`"attributes"\s*:\s*\{[^{}]*"type"\s*:\s*"(EmailMessage|CaseComment|ConversationEntry|LiveChatTranscript|Case)"`)

// sfIsRecordsJSON reports query results of the objects Salesforce reads;
// Case records only with their messages.
func sfIsRecordsJSON(head []byte) bool {
	m := sfRecordType.FindSubmatch(head)
	if m == nil {
		return false
	}
	if string(m[1]) == "Case" {
		return hasKey(head, "EmailMessages") || hasKey(head, "CaseComments") || hasKey(head, "LiveChatTranscripts")
	}
	return true
}

// An sfRow is one record's fields, flattened.
type sfRow struct {
	t      keyTable
	values []string
}

// sfChildLists are the child relationships a Case record may carry.
var sfChildLists = map[string]string{"emailmessages": "EmailMessage", "casecomments": "CaseComment", "livechattranscripts": "LiveChatTranscript"}

// sfRecordRows flattens a record into rows: the record itself, or, for a
// Case with child records, each child with the case's fields under
// Parent. (Case. for a transcript) and its ParentId filled.
func sfRecordRows(rec map[string]any) []sfRow {
	var names, values []string
	children := map[string][]any{}
	sfFlatten("", rec, &names, &values, children)
	object := sfObject(rec)
	if len(children) == 0 {
		return []sfRow{sfNewRow(names, values, object)}
	}
	var rows []sfRow
	lists := make([]string, 0, len(children))
	for k := range children {
		lists = append(lists, k)
	}
	sort.Strings(lists)
	caseID := sfReferenceID(rec)
	for i, n := range names {
		if sfKey(n) == "id" && values[i] != "" {
			caseID = values[i]
		}
	}
	for _, list := range lists {
		for _, raw := range children[list] {
			child, ok := raw.(map[string]any)
			if !ok {
				continue
			}
			var cn, cv []string
			sfFlatten("", child, &cn, &cv, map[string][]any{})
			childObject := firstNonEmpty(sfObject(child), sfChildLists[list])
			rel := "Parent."
			if childObject == "LiveChatTranscript" {
				rel = "Case."
			}
			for i, n := range names {
				cn, cv = append(cn, rel+n), append(cv, values[i])
			}
			cn, cv = append(cn, "ParentId", "CaseId"), append(cv, caseID, caseID)
			rows = append(rows, sfNewRow(cn, cv, childObject))
		}
	}
	return rows
}

func sfNewRow(names, values []string, object string) sfRow {
	t := newKeyTable(names)
	t.object = object
	return sfRow{t: t, values: values}
}

// sfReferenceID is a record's attributes.referenceId, the id an sObject
// tree export (sf data export tree) gives records instead of Ids.
func sfReferenceID(rec map[string]any) string {
	if attrs, ok := rec["attributes"].(map[string]any); ok {
		if s, ok := attrs["referenceId"].(string); ok {
			return s
		}
	}
	return ""
}

func sfObject(rec map[string]any) string {
	if attrs, ok := rec["attributes"].(map[string]any); ok {
		if s, ok := attrs["type"].(string); ok {
			return s
		}
	}
	return ""
}

// sfFlatten lists a record's fields as dotted names and text values;
// child record lists ({"records":[…]}) go to children by lower-cased name.
func sfFlatten(prefix string, obj map[string]any, names, values *[]string, children map[string][]any) {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "attributes" {
			continue
		}
		switch v := obj[k].(type) {
		case map[string]any:
			if recs, ok := v["records"].([]any); ok {
				if prefix == "" {
					children[strings.ToLower(k)] = recs
				}
				continue
			}
			sfFlatten(prefix+k+".", v, names, values, children)
		case []any:
			// a list that is not a child relationship: not a field
		default:
			text, _ := scalarText(v)
			*names, *values = append(*names, prefix+k), append(*values, text)
		}
	}
}

// sfRecordsOf returns the records a decoded JSON value holds: itself, or
// the records of a Salesforce CLI result.
func sfRecordsOf(rec map[string]any) []map[string]any {
	if result, ok := rec["result"].(map[string]any); ok {
		if recs, ok := result["records"].([]any); ok {
			var out []map[string]any
			for _, r := range recs {
				if m, ok := r.(map[string]any); ok {
					out = append(out, m)
				}
			}
			return out
		}
	}
	return []map[string]any{rec}
}

// sfDecodeRecordsJSON reads query results: e-mails, comments and entries
// grouped like CSV rows, transcripts one conversation each.
func sfDecodeRecordsJSON(src *Source) error {
	d := &sfDecoder{src: src, kind: sfEmail}
	chats, cases := 0, 0
	rows := func(second bool, fn rowFunc) error {
		if second {
			r, err := src.Reopen()
			if err != nil {
				return err
			}
			src.R = bufio.NewReaderSize(r, HeadSize)
		}
		n := 0
		return EachJSONRecord(src, []string{"records"}, func(raw json.RawMessage, line int) error {
			var rec map[string]any
			if err := jsonUnmarshal(raw, &rec); err != nil {
				if second {
					DecodeRecord(src, raw, line, &rec) // rejects it with the reason
				}
				return nil
			}
			for _, r := range sfRecordsOf(rec) {
				rowsOf := sfRecordRows(r)
				if sfKindOf(sfObject(r)) == sfCase && len(rowsOf) == 1 && rowsOf[0].t.object == "Case" {
					if second {
						cases++
					}
					continue
				}
				for _, row := range rowsOf {
					n++
					switch sfKindOf(row.t.object) {
					case sfChat:
						if second {
							chats++
							if err := sfEmitTranscript(src, row.t, row.values, line); err != nil {
								return err
							}
						}
						continue
					case sfNone, sfCase:
						if second {
							src.Reject(line, "record of type %q: not one iqa reads (EmailMessage, CaseComment, ConversationEntry or LiveChatTranscript)", row.t.object)
						}
						continue
					}
					if err := fn(n, line, row.t, row.values); err != nil {
						return err
					}
				}
			}
			return nil
		})
	}
	read, err := d.groups().run(src, rows)
	if err != nil {
		return err
	}
	if cases > 0 {
		src.Warn("skipped %s without EmailMessages, CaseComments or LiveChatTranscripts: they hold no messages", plural(cases, "Case record"))
	}
	if read == 0 && chats == 0 && cases == 0 && src.rejected == 0 {
		return ErrorAt(1, "the query results hold no records")
	}
	d.warnSkipped()
	return nil
}

// sfEmitTranscript emits one LiveChatTranscript record, or rejects it.
func sfEmitTranscript(src *Source, t keyTable, values []string, line int) error {
	c, reason := sfTranscript(src, t, values, line)
	if reason != "" {
		src.RejectIn(c.ID, line, "%s", reason)
		return nil
	}
	return src.Emit(c)
}
