package dev.acs.agent;

import dev.langchain4j.model.chat.ChatModel;
import java.util.List;

/** The names a model may answer under, for pricing before a call. */
final class ModelNames {
  private ModelNames() {}

  static List<String> of(ChatModel model) {
    if (model instanceof ProviderChain chain) {
      return chain.routeNames();
    }
    String name = model.defaultRequestParameters() == null ? null : model.defaultRequestParameters().modelName();
    String provider = model.provider() == null ? "other" : model.provider().name().toLowerCase(java.util.Locale.ROOT);
    return List.of(name == null ? provider + ":unknown" : provider + ":" + name);
  }
}
