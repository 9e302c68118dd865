package io.llmgateway.translate.model;

/** Canonical message roles. System text is also hoisted into {@link ChatRequest#system()} by codecs that need it. */
public enum Role {
	SYSTEM, USER, ASSISTANT, TOOL
}
