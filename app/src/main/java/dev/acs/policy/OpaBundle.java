package dev.acs.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.config.ConfigException;
import dev.acs.config.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * What the embedded engine runs: a compiled policy module and its data document. Read from an
 * OPA bundle made by {@code opa build -t wasm -e acs/decision -b policies/} (a .tar.gz holding
 * /policy.wasm and data.json files, each merged at its folder's path as OPA does), or from a bare
 * .wasm file whose data comes from elsewhere.
 *
 * @param data the data document, or null when the source carried none
 */
public record OpaBundle(byte[] wasm, JsonNode data, String source) {
  private static final byte[] WASM_MAGIC = {0x00, 0x61, 0x73, 0x6d};
  private static final long MAX_BYTES = 64L * 1024 * 1024; // a policy bundle is kilobytes; stop bombs

  /** Reads a bundle .tar.gz or a bare .wasm module (told apart by their first bytes). */
  public static OpaBundle read(Path file) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new ConfigException("policy bundle " + file + " is larger than 64 MiB");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read policy bundle " + file + ": " + e, e);
    }
    return read(bytes, file.toString());
  }

  public static OpaBundle read(byte[] bytes, String source) {
    if (isWasm(bytes)) {
      return new OpaBundle(bytes, null, source);
    }
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      return readTarGz(bytes, source);
    }
    throw new ConfigException(
        "policy bundle " + source + " is neither an OPA bundle (.tar.gz) nor a wasm module: build it with "
            + "'opa build -t wasm -e acs/decision -b policies/'");
  }

  static boolean isWasm(byte[] bytes) {
    return bytes.length >= 4 && Arrays.equals(Arrays.copyOf(bytes, 4), WASM_MAGIC);
  }

  private static OpaBundle readTarGz(byte[] bytes, String source) {
    byte[] wasm = null;
    String wasmPath = "policy.wasm";
    ObjectNode data = Json.MAPPER.createObjectNode();
    boolean sawData = false;
    long total = 0;
    try (InputStream gz = new GzipCompressorInputStream(new ByteArrayInputStream(bytes));
        TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (!entry.isFile()) {
          continue;
        }
        String name = normalize(entry.getName());
        total += entry.getSize();
        if (total > MAX_BYTES) {
          throw new ConfigException("policy bundle " + source + " unpacks to more than 64 MiB");
        }
        if (name.equals(".manifest")) {
          JsonNode manifest = parseJson(tar.readAllBytes(), source + ":/.manifest");
          JsonNode module = manifest.path("wasm").path(0).path("module");
          if (module.isTextual()) {
            wasmPath = normalize(module.textValue());
          }
        } else if (name.endsWith(".wasm")) {
          byte[] content = tar.readAllBytes();
          if (name.equals(wasmPath) || wasm == null) {
            wasm = content;
          }
        } else if (name.equals("data.json") || name.endsWith("/data.json")) {
          JsonNode doc = parseJson(tar.readAllBytes(), source + ":/" + name);
          mergeAt(data, name.equals("data.json") ? new String[0] : name.substring(0, name.length() - "/data.json".length()).split("/"), doc, source);
          sawData = true;
        }
      }
    } catch (IOException e) {
      throw new ConfigException("policy bundle " + source + " is not a readable .tar.gz: " + e.getMessage(), e);
    }
    if (wasm == null) {
      throw new ConfigException(
          "policy bundle " + source + " holds no policy.wasm: build it with the wasm target, "
              + "'opa build -t wasm -e acs/decision -b policies/'");
    }
    if (!isWasm(wasm)) {
      throw new ConfigException("policy bundle " + source + ": /" + wasmPath + " is not a wasm module");
    }
    return new OpaBundle(wasm, sawData ? data : null, source);
  }

  private static String normalize(String name) {
    String n = name;
    while (n.startsWith("/") || n.startsWith("./")) {
      n = n.startsWith("/") ? n.substring(1) : n.substring(2);
    }
    return n;
  }

  private static JsonNode parseJson(byte[] bytes, String where) {
    try {
      return Json.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new ConfigException(where + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Merges a data file at its folder's path, as OPA's bundle reader does. */
  private static void mergeAt(ObjectNode root, String[] folders, JsonNode doc, String source) {
    ObjectNode at = root;
    for (String folder : folders) {
      JsonNode next = at.get(folder);
      if (next == null) {
        next = at.putObject(folder);
      } else if (!next.isObject()) {
        throw new ConfigException("policy bundle " + source + ": data conflict at " + String.join("/", folders));
      }
      at = (ObjectNode) next;
    }
    if (folders.length == 0 && !doc.isObject()) {
      throw new ConfigException("policy bundle " + source + ": the root data.json must be a JSON object");
    }
    if (doc.isObject()) {
      for (var field : doc.properties()) {
        JsonNode existing = at.get(field.getKey());
        if (existing != null && existing.isObject() && field.getValue().isObject()) {
          ((ObjectNode) existing).setAll((ObjectNode) field.getValue());
        } else {
          at.set(field.getKey(), field.getValue());
        }
      }
    } else if (folders.length > 0) {
      throw new ConfigException("policy bundle " + source + ": " + String.join("/", folders) + "/data.json must be a JSON object");
    }
  }
}
