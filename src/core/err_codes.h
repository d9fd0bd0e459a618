/*
 * The table of error codes: one row per code, used by the CLI (exit code),
 * the HTTP layer (status and JSON code) and messages in both languages.
 * Codes are never renumbered or renamed once released; add rows at the end.
 * Columns: C name, stable JSON code, HTTP status, CLI exit code,
 * zh-CN message, English message.
 */
#define ERR_CODE_TABLE(X)                                                                          \
    X(OK, "ok", 200, 0, "成功", "success")                                                         \
    X(INVALID, "invalid", 422, 2, "输入无效", "invalid input")                                     \
    X(BAD_REQUEST, "bad_request", 400, 2, "请求格式错误", "malformed request")                     \
    X(UNAUTHENTICATED, "unauthenticated", 401, 1, "请先登录", "authentication required")           \
    X(FORBIDDEN, "forbidden", 403, 1, "无权执行此操作", "not allowed")                             \
    X(NOT_FOUND, "not_found", 404, 1, "未找到", "not found")                                       \
    X(METHOD_NOT_ALLOWED, "method_not_allowed", 405, 2, "不支持该方法", "method not allowed")      \
    X(CONFLICT, "conflict", 409, 1, "与现有记录冲突", "conflicts with existing records")           \
    X(TOO_LARGE, "too_large", 413, 2, "内容过大", "too large")                                     \
    X(UNSUPPORTED_MEDIA, "unsupported_media_type", 415, 2, "仅接受 JSON", "only JSON is accepted") \
    X(RATE_LIMITED, "rate_limited", 429, 1, "尝试过于频繁,请稍后再试",                             \
      "too many attempts; try again later")                                                        \
    X(INTERNAL, "internal", 500, 1, "内部错误", "internal error")                                  \
    X(UNAVAILABLE, "unavailable", 503, 1, "服务暂不可用", "service unavailable")                   \
    X(STORE, "store", 500, 1, "存储错误", "storage error")                                         \
    X(IO, "io", 500, 1, "读写错误", "input/output error")                                          \
    X(EXISTS, "exists", 409, 1, "已存在", "already exists")                                        \
    X(INTEGRITY, "integrity", 500, 1, "完整性校验失败", "integrity check failed")
