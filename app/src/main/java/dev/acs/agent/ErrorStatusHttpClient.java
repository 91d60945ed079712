package dev.acs.agent;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK HTTP client under LangChain4j's {@code JdkHttpClient}, changed in one way: an error
 * status becomes a {@link ProviderHttpException} that keeps the Retry-After headers, which
 * LangChain4j would otherwise drop. Requests, bodies and successful responses pass untouched, so
 * LangChain4j's real client still does all the talking.
 */
final class ErrorStatusHttpClient extends HttpClient {
  private final HttpClient delegate;

  private ErrorStatusHttpClient(HttpClient delegate) {
    this.delegate = delegate;
  }

  /** A JDK client builder whose {@code build()} returns this wrapper around the real client. */
  static HttpClient.Builder wrappingBuilder() {
    HttpClient.Builder real = HttpClient.newBuilder();
    return (HttpClient.Builder)
        Proxy.newProxyInstance(
            ErrorStatusHttpClient.class.getClassLoader(),
            new Class<?>[] {HttpClient.Builder.class},
            (proxy, method, args) -> {
              if (method.getName().equals("build") && method.getParameterCount() == 0) {
                return new ErrorStatusHttpClient(real.build());
              }
              try {
                Object result = method.invoke(real, args);
                return result == real ? proxy : result;
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    HttpResponse<T> response = delegate.send(request, handler);
    if (response.statusCode() >= 400) {
      throw ProviderHttpException.from(response);
    }
    return response;
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return delegate.sendAsync(request, handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    return delegate.sendAsync(request, handler, pushPromiseHandler);
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  @Override
  public void shutdownNow() {
    delegate.shutdownNow();
  }

  @Override
  public boolean awaitTermination(Duration duration) throws InterruptedException {
    return delegate.awaitTermination(duration);
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
