package dev.acs.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import dev.acs.config.Json;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * US dollars per million tokens, per model. The bundled table ({@code dev/acs/agent/prices.json})
 * holds list prices; {@code ACS_PRICES_FILE} (JSON, or YAML by its extension) adds or overrides
 * entries. A model is looked up as {@code provider:model}, then {@code model}, then without a
 * date suffix ({@code -20250929}, {@code -2024-08-06}, {@code -latest}), then {@code provider:*},
 * then {@code *}.
 */
public final class PriceTable {
  private static final Pattern DATED = Pattern.compile("-(\\d{8}|\\d{4}-\\d{2}-\\d{2}|latest)$");
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /** Dollars per million input and output tokens. */
  public record Price(BigDecimal input, BigDecimal output) {
    /** The cost of so many tokens at this price. */
    public BigDecimal cost(long inputTokens, long outputTokens) {
      return input.multiply(BigDecimal.valueOf(inputTokens))
          .add(output.multiply(BigDecimal.valueOf(outputTokens)))
          .divide(MILLION, MathContext.DECIMAL64);
    }
  }

  private final Map<String, Price> prices;

  PriceTable(Map<String, Price> prices) {
    this.prices = Map.copyOf(prices);
  }

  /** The bundled table plus {@code ACS_PRICES_FILE} when set. */
  public static PriceTable fromEnv(Env env) {
    Map<String, Price> all = new HashMap<>(bundled().prices);
    env.get("ACS_PRICES_FILE").ifPresent(f -> all.putAll(readFile(Path.of(f)).prices));
    return new PriceTable(all);
  }

  public static PriceTable bundled() {
    try (InputStream in = PriceTable.class.getResourceAsStream("prices.json")) {
      if (in == null) {
        throw new IllegalStateException("bundled prices.json is missing from the jar");
      }
      return parse(Json.MAPPER.readTree(in), "bundled prices.json");
    } catch (IOException e) {
      throw new IllegalStateException("bundled prices.json does not parse", e);
    }
  }

  static PriceTable readFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = name.endsWith(".yml") || name.endsWith(".yaml") ? Json.YAML : Json.MAPPER;
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("ACS_PRICES_FILE " + file + " does not exist");
    }
    try {
      return parse(mapper.readTree(file.toFile()), "ACS_PRICES_FILE " + file);
    } catch (IOException e) {
      throw new ConfigException("ACS_PRICES_FILE " + file + " does not parse: " + e.getMessage());
    }
  }

  static PriceTable parse(JsonNode root, String source) {
    JsonNode models = root == null ? null : root.get("models");
    if (models == null || !models.isObject()) {
      throw new ConfigException(source + ": expected an object \"models\" of {\"input\": $, \"output\": $} per million tokens");
    }
    Map<String, Price> out = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey().toLowerCase(Locale.ROOT), new Price(amount(e, "input", source), amount(e, "output", source)));
    }
    return new PriceTable(out);
  }

  private static BigDecimal amount(Map.Entry<String, JsonNode> e, String field, String source) {
    JsonNode v = e.getValue().get(field);
    if (v == null || !v.isNumber() || v.decimalValue().signum() < 0) {
      throw new ConfigException(source + ": models." + e.getKey() + "." + field + " must be a number >= 0");
    }
    return v.decimalValue();
  }

  /** @param model {@code provider:model} as the provider chain names it, or a bare model name */
  public Optional<Price> lookup(String model) {
    if (model == null) {
      return Optional.empty();
    }
    String key = model.toLowerCase(Locale.ROOT).strip();
    int colon = key.indexOf(':');
    String provider = colon > 0 ? key.substring(0, colon) : null;
    String bare = colon > 0 ? key.substring(colon + 1) : key;
    String undated = DATED.matcher(bare).replaceFirst("");
    for (String k :
        new String[] {
          key,
          bare,
          provider == null ? null : provider + ":" + undated,
          undated,
          provider == null ? null : provider + ":*",
          "*"
        }) {
      if (k != null && prices.containsKey(k)) {
        return Optional.of(prices.get(k));
      }
    }
    return Optional.empty();
  }
}
