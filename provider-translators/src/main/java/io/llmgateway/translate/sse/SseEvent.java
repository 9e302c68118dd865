package io.llmgateway.translate.sse;

/**
 * One Server-Sent Event as dispatched by {@link SseParser}.
 * @param event the {@code event:} field, or null when the event had none
 * @param data the {@code data:} lines joined with {@code \n}
 * @param id the {@code id:} field, or null
 */
public record SseEvent(String event, String data, String id) {
}
