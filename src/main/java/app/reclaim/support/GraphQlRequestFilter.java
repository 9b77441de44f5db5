package app.reclaim.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the GraphQL HTTP endpoint before anything parses the body: a body above {@code
 * reclaim.graphql.max-request-size} is refused with 413 (from its Content-Length when it declares
 * one, else after reading one byte past the limit), and a JSON array, a batch of operations, with
 * 400. Both answers are GraphQL responses with code BAD_USER_INPUT. A body that passes is handed on
 * from memory.
 */
final class GraphQlRequestFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(GraphQlRequestFilter.class);

  private final int maxBytes;

  GraphQlRequestFilter(GraphQlLimits limits) {
    this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 1, limits.maxRequestSize().toBytes());
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    byte[] body = declared > maxBytes ? null : request.getInputStream().readNBytes(maxBytes + 1);
    if (body == null || body.length > maxBytes) {
      log.info("refused a GraphQL request body above {} bytes", maxBytes);
      GraphQlErrorResponse.write(
          request,
          response,
          HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
          "The request body is larger than " + maxBytes + " bytes.",
          Map.of("limit", "requestSize", "maximum", maxBytes));
      return;
    }
    if (isJsonArray(body)) {
      GraphQlErrorResponse.write(
          request,
          response,
          HttpServletResponse.SC_BAD_REQUEST,
          "Batched requests (a JSON array of operations) are not supported: send one operation per"
              + " request.",
          Map.of("limit", "batching"));
      return;
    }
    chain.doFilter(new BufferedBody(request, body), response);
  }

  private static boolean isJsonArray(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b == '[';
      }
    }
    return false;
  }

  /** The request with its body already read into memory. */
  private static final class BufferedBody extends HttpServletRequestWrapper {

    private final byte[] body;

    BufferedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      var in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
          return in.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("the body is already in memory");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
