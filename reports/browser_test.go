package reports

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The browser tests open the pages in the system's Chromium, headless and
// offline. Without a browser they skip, unless IQA_REQUIRE_BROWSER=1 (CI),
// where a missing browser is a failure.

// findBrowser returns the browser to drive: $IQA_BROWSER, else the first
// Chromium or Chrome on PATH.
func findBrowser(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("IQA_BROWSER"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no browser: install chromium (apt-get install chromium) or set IQA_BROWSER to a Chromium or Chrome binary"
	if os.Getenv("IQA_REQUIRE_BROWSER") == "1" {
		t.Fatal(msg + "; IQA_REQUIRE_BROWSER=1 requires one")
	}
	t.Skip(msg)
	return ""
}

// browserPage is a page opened in a fresh headless browser, with every
// console message, exception and network request it caused.
type browserPage struct {
	ctx      context.Context
	url      string
	mu       sync.Mutex
	console  []string
	requests []string
	// allowed are pages the test navigates to on purpose.
	allowed map[string]bool
}

// openPage writes html to a file and loads it from file:// in a new
// browser with a fresh profile and background networking off.
func openPage(t *testing.T, name string, html []byte, width, height int, setup ...func(context.Context) error) *browserPage {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, html, 0o644); err != nil {
		t.Fatal(err)
	}
	return openURL(t, "file://"+path, width, height, setup...)
}

// openURL opens url in a new browser; setup runs before the page loads.
func openURL(t *testing.T, url string, width, height int, setup ...func(context.Context) error) *browserPage {
	t.Helper()
	exe := findBrowser(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.WindowSize(width, height),
	}
	p := &browserPage{url: url}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithListener(p.listen))
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	p.ctx = ctx
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	for _, f := range setup {
		if err := f(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady("footer")); err != nil {
		t.Fatalf("open %s in %s: %v", url, exe, err)
	}
	return p
}

// listen records what the page said and asked for; it runs on the
// browser's reading goroutine, so it only appends.
func (p *browserPage) listen(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		var args []string
		for _, a := range ev.Args {
			args = append(args, string(a.Value)+a.Description)
		}
		p.console = append(p.console, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
	case *runtime.EventExceptionThrown:
		p.console = append(p.console, "exception: "+ev.ExceptionDetails.Text)
	case *log.EventEntryAdded:
		// CSP violations and failed loads are reported here.
		p.console = append(p.console, fmt.Sprintf("log %s %s: %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text))
	case *network.EventRequestWillBeSent:
		p.requests = append(p.requests, ev.Request.URL)
	}
}

func (p *browserPage) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression into a T.
func eval[T any](t *testing.T, p *browserPage, expr string) T {
	t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// checkClean fails on any console message or exception, and on any request
// but the page itself: the page must be self-contained.
func (p *browserPage) checkClean(t *testing.T) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.console {
		t.Errorf("console: %s", c)
	}
	for _, u := range p.requests {
		if u != p.url && !p.allowed[u] {
			t.Errorf("the page requested %s; it must load nothing", u)
		}
	}
}

// screenshot saves a full-page PNG under os.TempDir()/iqa-screenshots and,
// when $IQA_SCREENSHOTS is set, copies it there.
func (p *browserPage) screenshot(t *testing.T, name string) string {
	t.Helper()
	png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(os.TempDir(), "iqa-screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
	if d := os.Getenv("IQA_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot copied to %s", filepath.Join(d, name))
	}
	return path
}

func TestBrowserHTMLReport(t *testing.T) {
	page := openPage(t, "report.html", renderHTML(t, fixtureResults(), 200), 1280, 900)

	if charts := eval[int](t, page, `document.querySelectorAll("svg.chart rect, svg.chart polyline").length`); charts < 10 {
		t.Errorf("%d chart shapes, want the charts drawn", charts)
	}
	titles := eval[[]string](t, page, `Array.from(document.querySelectorAll("figcaption b")).map(e => e.textContent)`)
	for _, want := range []string{"Score distribution", "Criteria", "Channels", "Trend by day"} {
		if !strings.Contains(strings.Join(titles, "|"), want) {
			t.Errorf("charts %q lack %q", titles, want)
		}
	}

	// Sorting: the agent column sorts both ways on clicks.
	names := func() []string {
		return eval[[]string](t, page, `Array.from(document.querySelectorAll("#agent-table tbody tr")).map(r => r.cells[0].textContent)`)
	}
	page.do(t, chromedp.Click(`#agent-table thead th:nth-child(4) button`))
	means := eval[[]float64](t, page, `Array.from(document.querySelectorAll("#agent-table tbody tr")).map(r => parseFloat(r.cells[3].dataset.v))`)
	for i := 1; i < len(means); i++ {
		if means[i-1] > means[i] {
			t.Errorf("after a click on mean, means are %v, want ascending", means)
			break
		}
	}
	page.do(t, chromedp.Click(`#agent-table thead th:nth-child(1) button`))
	asc := names()
	page.do(t, chromedp.Click(`#agent-table thead th:nth-child(1) button`))
	desc := names()
	if len(asc) < 2 || asc[0] != desc[len(desc)-1] || asc[0] > asc[len(asc)-1] {
		t.Errorf("agent sort: ascending %q, descending %q", asc, desc)
	}

	// The CSAT column sorts by value; an agent without one (-1) sorts first.
	page.do(t, chromedp.Click(`#agent-table thead th:nth-child(8) button`))
	csats := eval[[]float64](t, page, `Array.from(document.querySelectorAll("#agent-table tbody tr")).map(r => parseFloat(r.cells[7].dataset.v))`)
	for i := 1; i < len(csats); i++ {
		if csats[i-1] > csats[i] {
			t.Errorf("after a click on CSAT, values are %v, want ascending", csats)
			break
		}
	}
	figures := eval[string](t, page, `Array.from(document.querySelectorAll(".figure")).map(f => f.innerText.replace(/\s+/g, " ")).join("|")`)
	for _, want := range []string{"2.7 / 5 PREDICTED CSAT", "1 UNANSWERED"} { // labels are upper-cased by the style
		if !strings.Contains(figures, want) {
			t.Errorf("figures %q lack %q", figures, want)
		}
	}
	if ids := eval[string](t, page, `document.querySelector("#list-unanswered ~ p.ids").innerText`); ids != "ids: conv-025" {
		t.Errorf("the unanswered list shows %q", ids)
	}

	// Filtering hides the rows that do not match.
	eval[int](t, page, `(() => { const i = document.querySelector("input[data-filter]"); i.value = "chlo"; i.dispatchEvent(new Event("input")); return 0 })()`)
	visible := eval[int](t, page, `Array.from(document.querySelectorAll("#agent-table tbody tr")).filter(r => !r.hidden).length`)
	if visible != 1 {
		t.Errorf("%d rows visible after filtering on 'chlo', want 1", visible)
	}

	// A conversation opens to its transcript with the evidence marked.
	page.do(t, chromedp.Click(`#list-critical ~ details.conv summary`))
	marks := eval[[]string](t, page, `Array.from(document.querySelector("#list-critical ~ details.conv[open]").querySelectorAll("mark")).filter(m => m.offsetParent !== null).map(m => m.textContent + "|" + m.title)`)
	if !strings.Contains(strings.Join(marks, "\n"), "full card number|Never asks for a full card number: request for card number") {
		t.Errorf("opened critical conversation shows marks %q", marks)
	}

	// The injected transcript stayed text.
	flag := eval[string](t, page, `String(window.__iqaXSS)`)
	shown := eval[bool](t, page, `Array.from(document.querySelectorAll(".text")).some(e => e.textContent.includes("<script>window.__iqaXSS=1</script>"))`)
	if flag != "undefined" {
		t.Errorf("the transcript's script ran: window.__iqaXSS = %v", flag)
	}
	if !shown {
		t.Error("the transcript's markup is not shown as text")
	}
	if links := eval[int](t, page, `document.querySelectorAll("a[href^='javascript']").length`); links != 0 {
		t.Errorf("%d javascript: links on the page", links)
	}

	eval[int](t, page, `document.querySelectorAll("details.conv").forEach((d, i) => { if (i < 3) d.open = true }); 0`)
	page.screenshot(t, "report.png")
	page.checkClean(t)
}

func TestBrowserHTMLReportOnAPhone(t *testing.T) {
	page := openPage(t, "report-phone.html", renderHTML(t, fixtureResults(), 200), 390, 844)
	if eval[bool](t, page, `document.documentElement.scrollWidth > window.innerWidth + 1`) {
		t.Error("the page is wider than a phone's screen")
	}
	page.screenshot(t, "report-phone.png")
	page.checkClean(t)
}

// TestBrowserHarnessSeesRequestsAndErrors checks the checker: a page that
// logs, throws and asks for an image must be caught, or the clean pages
// above prove nothing.
func TestBrowserHarnessSeesRequestsAndErrors(t *testing.T) {
	page := openPage(t, "bad.html", []byte(`<!DOCTYPE html><title>bad</title><img src="https://iqa.invalid/x.png">
<script>console.error("oops"); null.x</script><footer></footer>`), 800, 600)
	time.Sleep(200 * time.Millisecond)
	page.mu.Lock()
	defer page.mu.Unlock()
	if len(page.requests) < 2 {
		t.Errorf("requests %q: the image request was not seen", page.requests)
	}
	if len(page.console) < 2 {
		t.Errorf("console %q: the error and the exception were not seen", page.console)
	}
}

func TestBrowserCoachPages(t *testing.T) {
	dir := t.TempDir()
	for name, body := range renderCoach(t, coachResults(), defaultCoachOptions()) {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	page := openURL(t, "file://"+filepath.Join(dir, "index.html"), 1280, 900)
	if rows := eval[int](t, page, `document.querySelectorAll("#coach-table tbody tr").length`); rows != 5 {
		t.Errorf("index lists %d agents, want 5", rows)
	}
	page.screenshot(t, "coach-index.png")

	// Follow the index's link to an agent's page.
	agentURL := "file://" + filepath.Join(dir, AgentFile("Ben Okafor"))
	page.allowed = map[string]bool{agentURL: true}
	page.do(t, chromedp.Click(`a[href="`+AgentFile("Ben Okafor")+`"]`), chromedp.WaitReady("footer"))
	if got := eval[string](t, page, `document.querySelector("h1").textContent`); got != "Coaching: Ben Okafor" {
		t.Fatalf("the link led to %q", got)
	}
	if n := eval[int](t, page, `document.querySelectorAll("svg.chart rect.bar").length`); n < 5 {
		t.Errorf("%d criterion bars, want one per criterion", n)
	}

	// The focus areas' excerpts are Ben's own; the colleague's example is not.
	own := map[string]bool{}
	for _, r := range coachResults() {
		if r.Agent == "Ben Okafor" {
			own[r.ID] = true
		}
	}
	mine := eval[[]string](t, page, `Array.from(document.querySelectorAll(".focus .side > div:first-child .excerpt")).map(e => e.dataset.conversation)`)
	if len(mine) == 0 {
		t.Error("no excerpts in the focus areas")
	}
	for _, id := range mine {
		if !own[id] {
			t.Errorf("focus excerpt from %s, not one of Ben's conversations", id)
		}
	}
	theirs := eval[[]string](t, page, `Array.from(document.querySelectorAll(".focus .side > div:last-child .excerpt")).map(e => e.dataset.conversation)`)
	for _, id := range theirs {
		if own[id] {
			t.Errorf("the colleague's example %s is Ben's own", id)
		}
	}
	marks := eval[int](t, page, `document.querySelectorAll(".focus mark").length`)
	if marks == 0 {
		t.Error("no evidence marked in the excerpts")
	}
	page.do(t, chromedp.Click(`#review details.conv summary`))
	if !eval[bool](t, page, `document.querySelector("#review details.conv").open`) {
		t.Error("a conversation to review does not open")
	}
	page.screenshot(t, "coach-agent.png")
	page.checkClean(t)

	phone := openURL(t, agentURL, 390, 844)
	if eval[bool](t, phone, `document.documentElement.scrollWidth > window.innerWidth + 1`) {
		t.Error("the agent's page is wider than a phone's screen")
	}
	phone.screenshot(t, "coach-agent-phone.png")
	phone.checkClean(t)
}

// TestBrowserHTMLReportWithoutJavaScript: with scripts off the page is a
// plain document: tables, charts and conversations that open natively.
func TestBrowserHTMLReportWithoutJavaScript(t *testing.T) {
	noJS := func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}
	page := openPage(t, "report-nojs.html", renderHTML(t, fixtureResults(), 200), 1280, 900, noJS)
	if eval[int](t, page, `document.querySelectorAll("#agent-table tbody tr").length`) != 4 {
		t.Error("the agent table is not there")
	}
	if eval[int](t, page, `document.querySelectorAll("th button").length`) != 0 {
		t.Error("sort buttons appeared: the page's script ran")
	}
	if eval[bool](t, page, `document.querySelector("label.filter").offsetParent !== null`) {
		t.Error("the filter shows although it cannot work without JavaScript")
	}
	page.do(t, chromedp.Click(`#list-lowest ~ details.conv summary`))
	if !eval[bool](t, page, `document.querySelector("#list-lowest ~ details.conv").open`) {
		t.Error("a conversation does not open without JavaScript")
	}
	page.checkClean(t)

	// Printed, the page drops its navigation and keeps the charts.
	if _, err := chromedp.Call(page.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if eval[bool](t, page, `document.querySelector("nav.toc").offsetParent !== null`) {
		t.Error("navigation is printed")
	}
	page.screenshot(t, "report-print.png")
}
