package io.llmgateway.gateway.core;

import io.llmgateway.translate.model.LlmError;

/** One upstream attempt: which deployment, how long, and how it failed (null error = it served the answer). */
public record Attempt(Deployment deployment, long startNanos, long endNanos, int status, LlmError error) {
}
