// Package relay forwards messages between connected peers.
package relay

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrClosed is returned by operations on a closed Server.
var ErrClosed = errors.New("relay: server closed")

// DefaultTimeout bounds one delivery.
const DefaultTimeout = 5 * time.Second

// Message is one payload addressed to a peer.
type Message struct {
	To      string
	Payload []byte
}

// Handler processes messages delivered to a peer.
type Handler interface {
	// Handle is called once per message, on the peer's goroutine.
	Handle(ctx context.Context, m Message) error
	Close() error
}

// HandlerFunc adapts a plain function to a Handler.
type HandlerFunc func(ctx context.Context, m Message) error

type (
	// PeerID names a connected peer.
	PeerID string
	stats  struct{ delivered, dropped int }
)

// Server keeps the peers and delivers messages to them.
// It is safe for concurrent use.
type Server struct {
	mu     sync.Mutex
	peers  map[PeerID]Handler
	closed bool
	stats  stats
}

// Set is a generic set of comparable values.
type Set[T comparable] map[T]struct{}

// NewServer returns a Server with no peers.
func NewServer() *Server {
	return &Server{peers: make(map[PeerID]Handler)}
}

// Register adds a peer; an existing peer of the same name is replaced.
func (s *Server) Register(id PeerID, h Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.peers[id] = h
}

// Deliver sends m to its peer and waits at most DefaultTimeout.
func (s *Server) Deliver(
	ctx context.Context,
	m Message,
) error {
	s.mu.Lock()
	h, ok := s.peers[PeerID(m.To)]
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return ErrClosed
	}
	if !ok {
		s.stats.dropped++
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, DefaultTimeout)
	defer cancel()
	return h.Handle(ctx, m)
}

func (s *Server) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

// Keys returns the members of a set in no particular order.
func Keys[T comparable](s Set[T]) []T {
	out := make([]T, 0, len(s))
	for k := range s {
		out = append(out, k)
	}
	return out
}
