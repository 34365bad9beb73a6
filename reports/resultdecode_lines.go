package reports

import (
	"bufio"
	"errors"
	"io"
	"runtime"

	"github.com/iqa-cli/iqa/scoring"
)

// Results files are read by one goroutine that cuts them into batches of
// lines, and decoded by one goroutine a CPU; the batches are handed back
// in file order, so the results come out exactly as from one goroutine.

// Bounds of a batch: lines cut at whichever is reached first. A file
// being read holds at most 2 batches a CPU, two more, and as many spare
// buffers: about 3.5 MB on 2 CPUs, whatever the size of the file.
const (
	batchBytes = 256 << 10
	batchLines = 64
)

// lineBatch is a run of consecutive lines of one file.
type lineBatch struct {
	first int      // the line number of lines[0]
	data  []byte   // the lines' bytes, owned by the batch
	lines [][]byte // each line, in data
	// results[i] is line i decoded, or nil when the fast decoder declined
	// it or it is not a result: resultsReader.parse reads it then.
	results []*scoring.Result
	// err ends the file after these lines: io.EOF, or a read error.
	err  error
	done chan struct{} // closed once results are decoded
}

// lineDecoder runs the goroutines of one file.
type lineDecoder struct {
	batches chan *lineBatch // in file order, decoded or not yet
	free    chan []byte     // batch buffers to reuse
	stop    chan struct{}
	stopped bool
}

func newLineDecoder(r io.Reader) *lineDecoder {
	workers := runtime.GOMAXPROCS(0)
	d := &lineDecoder{
		batches: make(chan *lineBatch, 2*workers),
		free:    make(chan []byte, 2*workers+2),
		stop:    make(chan struct{}),
	}
	work := make(chan *lineBatch, 2*workers)
	for range workers {
		go func() {
			var s lineScanner
			for b := range work {
				b.decode(&s)
			}
		}()
	}
	go d.read(bufio.NewReaderSize(r, 256<<10), work)
	return d
}

// read cuts the file into batches, each sent to a worker and, in order,
// to the reader of results.
func (d *lineDecoder) read(br *bufio.Reader, work chan<- *lineBatch) {
	defer close(work)
	defer close(d.batches)
	line := 1
	for {
		b := &lineBatch{first: line, done: make(chan struct{})}
		select {
		case b.data = <-d.free:
		default:
			b.data = make([]byte, 0, batchBytes+32<<10)
		}
		var starts []int
		for b.err == nil && len(starts) < batchLines && len(b.data) < batchBytes {
			start := len(b.data)
			for {
				chunk, err := br.ReadSlice('\n')
				b.data = append(b.data, chunk...)
				if !errors.Is(err, bufio.ErrBufferFull) {
					b.err = err
					break
				}
			}
			if len(b.data) > start {
				starts = append(starts, start)
			}
		}
		b.lines = make([][]byte, len(starts))
		for i, start := range starts {
			end := len(b.data)
			if i+1 < len(starts) {
				end = starts[i+1]
			}
			b.lines[i] = b.data[start:end:end]
		}
		line += len(starts)
		select {
		case d.batches <- b:
		case <-d.stop:
			return
		}
		select {
		case work <- b:
		case <-d.stop:
			return
		}
		if b.err != nil {
			return
		}
	}
}

// decode decodes the batch's results lines with the fast decoder.
func (b *lineBatch) decode(s *lineScanner) {
	defer close(b.done)
	b.results = make([]*scoring.Result, len(b.lines))
	for i, raw := range b.lines {
		r := new(scoring.Result)
		if decodeResultFast(s, raw, r) && r.Schema == scoring.ResultSchema {
			b.results[i] = r
		}
	}
}

// next returns the next batch, decoded, or nil after the last.
func (d *lineDecoder) next() *lineBatch {
	b, ok := <-d.batches
	if !ok {
		return nil
	}
	<-b.done
	return b
}

// recycle hands a batch's buffer back once its lines are read.
func (d *lineDecoder) recycle(b *lineBatch) {
	select {
	case d.free <- b.data[:0]:
	default:
	}
}

// close stops the goroutines when the file is not read to its end.
func (d *lineDecoder) close() {
	if !d.stopped {
		d.stopped = true
		close(d.stop)
	}
}
