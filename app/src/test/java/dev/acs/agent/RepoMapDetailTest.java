package dev.acs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The map of a repository in many languages: full outlines for the top files, then names, then paths. */
class RepoMapDetailTest {
  private static final Map<String, String> SAMPLES = Map.of(
      "shop/inventory.py", "inventory.py",
      "web/router.js", "router.js",
      "web/cache.ts", "cache.ts",
      "web/TodoList.tsx", "TodoList.tsx",
      "relay/server.go", "server.go",
      "net/Retry.kt", "Retry.kt",
      "ring/src/ring.rs", "ring.rs",
      "orders/OrderService.cs", "OrderService.cs",
      "mail/mailer.rb", "mailer.rb");

  @TempDir Path root;

  @BeforeEach
  void repo() throws IOException {
    for (Map.Entry<String, String> e : SAMPLES.entrySet()) {
      try (InputStream in = getClass().getResourceAsStream("/outlines/" + e.getValue())) {
        write(e.getKey(), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    for (int i = 0; i < 40; i++) {
      write("shop/stock/level_" + i + ".py", "\"\"\"Stock level " + i + ".\"\"\"\n\n\ndef level_" + i + "(warehouse):\n    \"\"\"Units on hand.\"\"\"\n    return warehouse.stock\n");
      write("docs/guide-" + i + ".md", "# Guide " + i + "\n");
    }
    write("dist/bundle.min.js", "!function(){" + "var a=1;".repeat(5000) + "}();\n");
  }

  private void write(String path, String text) throws IOException {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void aLargeBudgetOutlinesEveryLanguageInFull() throws IOException {
    String map = RepoMap.scan(root).render("Warehouse reserve raises OutOfStock; Router handle; TtlCache get; Server Deliver; "
        + "RetryPolicy parse; Ring push; OrderService PlaceAsync; Mailer deliver; TodoList toggle", 100_000);
    assertThat(map).contains(
        "shop/inventory.py\n  @dataclasses.dataclass(frozen=True) class Sku  # A stock-keeping unit: product code plus variant.\n",
        "    async handle(req, res)  // Dispatch one request; resolves when a handler has answered.\n",
        "    get(key: K): V | undefined  // The value for `key`, or undefined when absent or expired.\n",
        "  export function TodoList({ initial = [], onChange }: Props): JSX.Element  // A checklist whose items can be added and ticked.\n",
        "  func (s *Server) Register(id PeerID, h Handler)  // Register adds a peer; an existing peer of the same name is replaced.\n",
        "      @JvmStatic fun parse(text: String): RetryPolicy  // Reads a policy from `attempts,delayMs` text.\n",
        "    pub fn push(&mut self, value: T) -> Option<T>  // Adds an element, returning the one it displaced, if any.\n",
        "      public async Task<Guid> PlaceAsync(IReadOnlyList<OrderLine> lines, CancellationToken ct = default)  // Reserves stock and returns the new order's id.\n",
        "      def deliver(to, subject, body = \"\")  // Delivers one message; returns the message id.\n".replace("//", "#"));
    // A minified bundle is listed by its path only.
    assertThat(map).contains("dist/bundle.min.js\n").doesNotContain("var a=1");
  }

  @ParameterizedTest(name = "budget {0} tokens")
  @ValueSource(ints = {400, 800, 1600, 3200})
  void theTopFileComesInFullAndTheBudgetIsKept(int budget) throws IOException {
    String map = RepoMap.scan(root).render(ISSUE, budget);
    assertThat(RepoMap.approxTokens(map)).isLessThanOrEqualTo(budget);
    List<String> lines = Arrays.asList(map.split("\n"));
    assertThat(lines.get(1)).isEqualTo("shop/inventory.py");
    assertThat(lines.get(2)).isEqualTo("  @dataclasses.dataclass(frozen=True) class Sku  # A stock-keeping unit: product code plus variant.");
    assertThat(forms(lines).get(0)).isEqualTo("full");
    assertThat(forms(lines)).contains("path");
  }

  @Test
  void aSmallBudgetCutsTheTopFileToTheDeclarationsThatFit() throws IOException {
    String map = RepoMap.scan(root).render(ISSUE, 400);
    assertThat(map).contains("    def append(self, entry: T) -> None  # Add one movement at the end.\n")
        .containsPattern("\n  \\.\\.\\. \\d+ more declarations\n")
        .doesNotContain("def load_warehouses");
  }

  @Test
  void detailFallsWithRank() throws IOException {
    String map = RepoMap.scan(root).render(ISSUE, 800);
    List<String> forms = forms(Arrays.asList(map.split("\n")));
    assertThat(map).contains("    async def reserve(self, sku: Sku, quantity: int, *, timeout: float = 5.0) -> str  # Hold `quantity` units");
    // Full outlines first, then names only ("  functions: level_3"), then paths.
    assertThat(forms).contains("full", "names", "path");
    assertThat(forms.lastIndexOf("full")).isLessThan(forms.indexOf("names"));
    assertThat(forms.lastIndexOf("names")).isLessThan(forms.indexOf("path"));
    assertThat(map).containsPattern("\n  functions: level_\\d+\n");
  }

  private static final String ISSUE = "Warehouse reserve raises OutOfStock when the stock level is short";

  /** For each file of the map, in order: "full" (signatures), "names" or "path". */
  private static List<String> forms(List<String> lines) {
    List<String> forms = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (!lines.get(i).startsWith(" ") && !lines.get(i).startsWith("... ")) {
        String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
        forms.add(!next.startsWith(" ") ? "path" : next.contains("(") ? "full" : "names");
      }
    }
    return forms;
  }

  @Test
  void filesTheTaskDoesNotRelateToArePathsOnly() throws IOException {
    String map = RepoMap.scan(root).render("Warehouse reserve", 100_000);
    assertThat(map).contains("docs/guide-1.md\n");
    assertThat(RepoMap.scan(root).rankedPaths("Warehouse reserve").get(0)).isEqualTo("shop/inventory.py");
  }
}
