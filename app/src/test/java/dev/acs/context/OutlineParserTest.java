package dev.acs.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.context.Outline.Kind;
import dev.acs.context.Outline.Symbol;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One idiomatic source file per language (test resources under {@code outlines/}), written for
 * these tests in the shape real projects have: classes, functions, methods, doc comments,
 * generics, decorators, async, impl blocks, interfaces, extension functions, namespaces.
 */
class OutlineParserTest {
  private static OutlineParser parser;

  @BeforeAll
  static void open() {
    parser = new OutlineParser();
  }

  @AfterAll
  static void close() {
    parser.close();
  }

  static Outline outline(String name) throws IOException {
    try (InputStream in = OutlineParserTest.class.getResourceAsStream("/outlines/" + name)) {
      return parser.outline("src/" + name, in.readAllBytes());
    }
  }

  @Test
  void python() throws IOException {
    Outline o = outline("inventory.py");
    assertThat(o.language()).isEqualTo("python");
    assertThat(o.detailed()).contains(
        "  @dataclasses.dataclass(frozen=True) class Sku  # A stock-keeping unit: product code plus variant.\n",
        "  class Ledger(Generic[T])  # Append-only record of stock movements.\n",
        "    def append(self, entry: T) -> None  # Add one movement at the end.\n",
        "    @property def size(self) -> int  # Number of movements recorded so far.\n",
        // A head over several lines comes out on one, its trailing comma gone; ''' docstrings too.
        "    @staticmethod def merge(first: \"Ledger[T]\", second: \"Ledger[T]\") -> \"Ledger[T]\"  # Both ledgers' entries, first then second.\n",
        "    async def reserve(self, sku: Sku, quantity: int, *, timeout: float = 5.0) -> str  # Hold `quantity` units for an order; raise OutOfStock when short.\n",
        "    class Shelf  # A physical shelf inside the warehouse.\n",
        "      def label(self) -> str\n",
        // A comment in the body is not a docstring.
        "  async def restock_all(warehouses: list[Warehouse], sku: Sku, quantity: int) -> None\n",
        // Defined under an if at module level.
        "  def dumps(value: object) -> str  # Serialise with the standard library.\n");
    assertThat(o.names()).isEqualTo("""
        src/inventory.py
          class Sku: __str__
          class OutOfStock
          class Ledger: __init__, append, __iter__, size, merge
          class Warehouse: __init__, receive, reserve, Shelf
          functions: load_warehouses, restock_all, dumps
        """);
    Symbol reserve = symbol(o, "reserve");
    assertThat(reserve.kind()).isEqualTo(Kind.METHOD);
    assertThat(reserve.owner()).isEqualTo("Warehouse");
    assertThat(reserve.line()).isEqualTo(69);
    assertThat(symbol(o, "load_warehouses").kind()).isEqualTo(Kind.FUNCTION);
  }

  @Test
  void javascript() throws IOException {
    Outline o = outline("router.js");
    assertThat(o.detailed()).isEqualTo("""
        src/router.js
          class Router extends EventEmitter  // A minimal HTTP router: register handlers by method and path,
            constructor(options = {})  // Create a router.
            get(path, handler)  // Register a handler for GET requests on `path`.
            route(method, path, handler)
            async handle(req, res)  // Dispatch one request; resolves when a handler has answered.
            static *methods()
          function parseQuery(query)  // Parse a query string into an object.
          const joinPaths = (...parts) =>  // Joins path segments with single slashes.
          const wrap = function wrapAsync(fn)  // Wrap an async handler so that rejections reach `next`.
          Router.prototype.use = function use(prefix, router)  // Mount a sub-router under a prefix.
        """);
  }

  @Test
  void typescript() throws IOException {
    Outline o = outline("cache.ts");
    assertThat(o.detailed()).contains(
        "  export type Ttl = number  // How long entries live, in milliseconds.\n",
        "  export interface Entry<V>  // Something that can be stored and evicted.\n",
        "    size(): number  // Size in bytes, for the memory bound.\n",
        "  export class TtlCache<K, V> extends EventEmitter implements Iterable<[K, V]>  // A bounded in-memory cache with per-entry time to live.\n",
        "    get(key: K): V | undefined  // The value for `key`, or undefined when absent or expired.\n",
        "    async refresh(key: K, load: (key: K) => Promise<V>): Promise<V>\n",
        "    abstract load(id: string): Promise<T>  // Fetch one item from the backing store.\n",
        "  export namespace CacheKeys  // Helpers shared by the cache implementations.\n",
        "    export function stable(parts: string[]): string  // A key that is stable across processes.\n",
        "  export const createCache = <K, V>(max: number): TtlCache<K, V> =>  // Build a cache from plain options.\n");
    // Private members stay out, as in the Java outline.
    assertThat(o.detailed()).doesNotContain("evictOldest");
    assertThat(o.names()).contains("  class TtlCache: constructor, get, set, refresh, [Symbol.iterator]\n", "  namespace CacheKeys: stable\n",
        "  functions: memoize, createCache\n");
  }

  @Test
  void tsx() throws IOException {
    Outline o = outline("TodoList.tsx");
    assertThat(o.language()).isEqualTo("tsx");
    assertThat(o.detailed()).contains(
        "  export function TodoList({ initial = [], onChange }: Props): JSX.Element  // A checklist whose items can be added and ticked.\n",
        "  export const Remaining: React.FC<{ todos: Todo[] }> = ({ todos }) =>  // Shows how many items are left.\n",
        "  export default class ErrorBoundary extends React.Component<{ children: React.ReactNode }, { failed: boolean }>\n",
        "    static getDerivedStateFromError(): { failed: boolean }  // Switch to the fallback on any render error.\n");
  }

  @Test
  void go() throws IOException {
    Outline o = outline("server.go");
    assertThat(o.detailed()).contains(
        "  type Handler interface  // Handler processes messages delivered to a peer.\n",
        "    Handle(ctx context.Context, m Message) error  // Handle is called once per message, on the peer's goroutine.\n",
        "  type PeerID string  // PeerID names a connected peer.\n",
        "  type Server struct  // Server keeps the peers and delivers messages to them.\n",
        "  type Set[T comparable] map[T]struct{}  // Set is a generic set of comparable values.\n",
        "  func (s *Server) Deliver(ctx context.Context, m Message) error  // Deliver sends m to its peer and waits at most DefaultTimeout.\n",
        "  func (s *Server) close() error\n",
        "  func Keys[T comparable](s Set[T]) []T  // Keys returns the members of a set in no particular order.\n");
    assertThat(symbol(o, "Deliver").owner()).isEqualTo("Server");
    assertThat(symbol(o, "Deliver").kind()).isEqualTo(Kind.METHOD);
    assertThat(o.names()).contains("  functions: NewServer, Server.Register, Server.Deliver, Server.close, Keys\n");
  }

  @Test
  void kotlin() throws IOException {
    Outline o = outline("Retry.kt");
    assertThat(o.detailed()).contains(
        "  data class RetryPolicy(val attempts: Int = 3, val initialDelay: Duration = 100.milliseconds, val factor: Double = 2.0)  // How often and how long to wait between attempts.\n",
        "    fun delayFor(n: Int): Duration  // The delay before attempt [n] (0-based).\n",
        "    companion object\n",
        "      @JvmStatic fun parse(text: String): RetryPolicy  // Reads a policy from `attempts,delayMs` text.\n",
        "  suspend fun <T> retrying(policy: RetryPolicy, block: suspend (attempt: Int) -> T): T  // Runs [block] until it succeeds or the policy's attempts are used up.\n",
        "  fun Throwable.isTransient(): Boolean  // True when this exception is worth retrying.\n",
        "  object AttemptCounter  // Counts attempts for metrics.\n",
        "    abstract suspend fun send(request: Q): R  // Sends one request.\n");
    assertThat(o.detailed()).doesNotContain("reset");
    assertThat(o.names()).contains("  interface Transient\n", "  enum Outcome\n", "  functions: retrying, isTransient\n");
  }

  @Test
  void rust() throws IOException {
    Outline o = outline("ring.rs");
    assertThat(o.detailed()).contains(
        // The doc comment sits above #[derive(...)].
        "  pub struct Ring<T>  // A queue that overwrites its oldest element when full.\n",
        "    fn drain_all(&mut self) -> Vec<T>  // Removes and returns every element, oldest first.\n",
        "  impl<T> Ring<T>\n",
        "    pub fn with_capacity(capacity: usize) -> Result<Self, RingError>  // Creates an empty ring holding at most `capacity` elements.\n",
        "  impl<T: fmt::Display> fmt::Display for Ring<T>\n",
        "    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result\n",
        "  macro_rules! ring  // Builds a ring from a list of values.\n",
        "  pub mod io  // Async helpers.\n",
        "    pub async fn read_all(src: &[u8]) -> super::ByteRing  // Reads every byte from `src` into a new ring.\n");
    assertThat(o.names()).contains("  impl Ring<T>: with_capacity, push, pop, capacity\n", "  impl Drain<T> for Ring<T>: drain_all\n", "  mod io: read_all\n");
    assertThat(symbol(o, "push").owner()).isEqualTo("Ring<T>");
  }

  @Test
  void csharp() throws IOException {
    Outline o = outline("OrderService.cs");
    assertThat(o.detailed()).contains(
        "  namespace Shop.Orders\n",
        "    public class OrderService : IOrderService, IDisposable  // Places and cancels orders against the inventory.\n",
        "      public OrderService(IInventory inventory)  // Creates the service over an inventory.\n",
        "      public async Task<Guid> PlaceAsync(IReadOnlyList<OrderLine> lines, CancellationToken ct = default)  // Reserves stock and returns the new order's id.\n",
        "      [Obsolete(\"Use PlaceAsync\")] public Guid Place(IReadOnlyList<OrderLine> lines)\n",
        "    public record OrderLine(string Sku, int Quantity, long UnitPrice)  // One line of an order.\n",
        "    public delegate void OrderChanged(Guid id, OrderState state)  // Called when an order changes state.\n",
        "      public static bool IsFinal(this OrderState s)  // True once the order can no longer change.\n",
        "      public static T FirstOr<T>(this IEnumerable<T> items, T fallback) where T : class\n");
    assertThat(o.detailed()).doesNotContain("Log(");
    assertThat(o.names()).contains("  namespace Shop.Orders\n    class OrderService: OrderService, PlaceAsync, Total, Place, Dispose\n");
    Outline fileScoped = outline("Scheduling.cs");
    assertThat(fileScoped.detailed()).contains("  public sealed class Scheduler  // Runs jobs at fixed times.\n",
        "    public void Add(string name, TimeSpan every)  // Adds a job.\n");
  }

  @Test
  void ruby() throws IOException {
    Outline o = outline("mailer.rb");
    assertThat(o.detailed()).isEqualTo("""
        src/mailer.rb
          module Notifications
            class Mailer < BaseMailer  # Sends e-mails through SMTP, with retries.
              def initialize(host, port: DEFAULT_PORT)  # Creates a mailer for +host+.
              def deliver(to, subject, body = "")  # Delivers one message; returns the message id.
              def each(&block)
              def self.from_env  # Builds a mailer from ENV.
              def default  # The process-wide default mailer.
              def with_retries(n)
            class DeliveryError < StandardError  # Raised when the server refuses a message.
          def send_test_mail(to)  # Shortcut used by scripts.
          class MailGemAdapter  # Adapter for the mail gem, when it is installed.
            def deliver(message)
        """);
  }

  @Test
  void javaKeepsJavaParsersDeclarationsAndAddsJavadoc() throws IOException {
    Outline o = outline("Shapes.java");
    assertThat(o.detailed()).isEqualTo("""
        src/Shapes.java
          public sealed interface Shapes  // Plane shapes with an area.
            abstract double area()  // The area in square units.
            record Circle(double radius)  // A circle.
              public double area()
            final class Square implements Shapes  // A square.
              public Square(double side)  // A square of the given side.
              public double area()
            static double total(List<? extends Shapes> shapes)  // The total area of some shapes.
        """);
  }

  @Test
  void javaThatJavaParserRejectsIsOutlinedByTreeSitter() {
    Outline o = parser.outline("src/Broken.java", """
        package a;
        /** Half-written. */
        public class Broken {
          /** Still listed. */
          public int size() { return 0; }
          void f( { }
        }
        """);
    assertThat(o.outlined()).isTrue();
    assertThat(o.detailed()).contains("  public class Broken  // Half-written.\n", "    public int size()  // Still listed.\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "a.py, python", "a.pyi, python", "a.js, javascript", "a.jsx, javascript", "a.mjs, javascript", "a.ts, typescript",
    "a.d.ts, typescript", "a.tsx, tsx", "a.go, go", "a.kt, kotlin", "a.kts, kotlin", "a.rs, rust", "a.cs, csharp",
    "a.rb, ruby", "A.java, java", "README.md, ", "Makefile, ", "a.c, "
  })
  void choosesTheGrammarByExtension(String path, String language) {
    OutlineGrammar g = OutlineGrammar.forPath("src/" + path);
    assertThat(g == null ? null : g.id()).isEqualTo(language);
    assertThat(OutlineParser.supports(path)).isEqualTo(language != null);
  }

  @Test
  void docLinesSkipTagsMarkersAndDirectives() {
    assertThat(DocComments.firstLine(List.of("/**", " * @deprecated", " */"))).isNull();
    assertThat(DocComments.firstLine(List.of("/// <summary>", "/// Uses <see cref=\"T:Shop.Money\"/> amounts.", "/// </summary>")))
        .isEqualTo("Uses Shop.Money amounts.");
    assertThat(DocComments.firstLine(List.of("//go:generate stringer -type=Kind", "// Kind is a token kind."))).isEqualTo("Kind is a token kind.");
    assertThat(DocComments.docstring("r'''\n    Raw docstring.\n    '''")).isEqualTo("Raw docstring.");
    assertThat(DocComments.firstLine(List.of("/** " + "x".repeat(300) + " */"))).hasSize(DocComments.MAX_LENGTH);
    // A plain block comment (a licence header, commented-out code) is not documentation.
    assertThat(DocComments.above(new String[] {"/* Copyright */", "class A {}"}, 1, OutlineGrammar.DocStyle.SLASHES)).isNull();
    assertThat(DocComments.above(new String[] {"//! Crate docs", "fn main() {}"}, 1, OutlineGrammar.DocStyle.SLASHES)).isNull();
  }

  private static Symbol symbol(Outline o, String name) {
    return o.symbols().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
