package dev.acs.webhook.event;

import java.util.ArrayList;
import java.util.List;

/** Collects the names of required payload parts that are absent, for a 400 that says which. */
final class Missing {
  private final List<String> names = new ArrayList<>();

  Missing require(String name, Object value) {
    if (value == null || value instanceof String s && s.isBlank()) {
      names.add(name);
    }
    return this;
  }

  Missing requireRepository(Repository repository) {
    require("repository", repository);
    if (repository != null) {
      require("repository.full_name", repository.fullName());
    }
    return this;
  }

  Missing requireNumber(String name, int number) {
    if (number <= 0) {
      names.add(name);
    }
    return this;
  }

  List<String> names() {
    return List.copyOf(names);
  }
}
