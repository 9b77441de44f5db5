package app.reclaim.simulator;

import tools.jackson.databind.node.ObjectNode;

/**
 * An error answer. The body carries both shapes a client may look for: Atlassian's gateway shape
 * {@code {"code": 404, "message": "..."}} and the v2 directory APIs' {@code errors[]} with {@code
 * status}, {@code code} (ADMIN-UAM-…), {@code title} and {@code detail}.
 */
final class ApiError extends RuntimeException {

  final int status;
  final String code;
  final String title;

  ApiError(int status, String code, String title, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.title = title;
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, "ADMIN-UAM-400-1", "Bad Request", message);
  }

  static ApiError notFound(String message) {
    return new ApiError(404, "ADMIN-UAM-404-1", "Unknown Resource", message);
  }

  static ApiError forbidden(String message) {
    return new ApiError(403, "ADMIN-UAM-403-1", "Forbidden", message);
  }

  static ApiError orgNotFound() {
    return new ApiError(404, "ADMIN-UAM-404-2", "Organization not found", "Organization not found");
  }

  static ApiError groupNotFound() {
    return new ApiError(404, "ADMIN-UAM-404-3", "Group Not Found", "Group not found");
  }

  static ApiError methodNotAllowed() {
    return new ApiError(405, "ADMIN-UAM-405-1", "Method Not Supported", "Method not allowed");
  }

  static ApiError fromAnswer(SimulatedOrg.Answer answer) {
    return switch (answer.status()) {
      case 403 -> new ApiError(403, "ADMIN-UAM-403-1", "Forbidden", answer.message());
      case 409 ->
          new ApiError(409, "ADMIN-UAM-409-3", "Product License Limit Exceeded", answer.message());
      case 404 ->
          answer.message().startsWith("Group") ? groupNotFound() : notFound(answer.message());
      default -> badRequest(answer.message());
    };
  }

  ObjectNode body() {
    ObjectNode body = JsonViews.MAPPER.createObjectNode();
    body.put("code", status);
    body.put("message", getMessage());
    body.putArray("errors")
        .addObject()
        .put("status", Integer.toString(status))
        .put("code", code)
        .put("title", title)
        .put("detail", getMessage());
    return body;
  }

  /**
   * The gateway's own answers (401, 429, 5xx): {@code {"code": 401, "message": "Unauthorized"}}.
   */
  static ObjectNode gateway(int status, String message) {
    return JsonViews.MAPPER.createObjectNode().put("code", status).put("message", message);
  }
}
