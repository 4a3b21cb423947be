// Command cong-ferretdb runs FerretDB v1 (MongoDB wire protocol) embedded, with the SQLite
// backend, for local development and tests of Cổng. The plain `go install` of FerretDB's own
// command panics without its generated version.txt; the embeddable package does not need it.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data", "data", "directory for the SQLite database files")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	sync := flag.String("sqlite-synchronous", "normal", "SQLite synchronous pragma: normal (WAL, durable across process crashes) or full (fsync at every commit)")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "bad -log-level %q: %v\n", *logLevel, err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	abs, err := filepath.Abs(*dataDir)
	if err != nil {
		logger.Error("data directory", "err", err)
		os.Exit(1)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		logger.Error("data directory", "err", err)
		os.Exit(1)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/?_pragma=synchronous(" + *sync + ")",
	})
	if err != nil {
		logger.Error("cannot start FerretDB", "err", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	go indexIDsForever(ctx, abs, time.Second, logger)

	logger.Warn("FerretDB listening", "addr", *listen, "data", abs)
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		logger.Error("FerretDB stopped", "err", err)
		os.Exit(1)
	}
}
