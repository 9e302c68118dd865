package io.llmgateway.gateway.litellm;

/**
 * The paths of the model admin endpoints, relative to the admin prefix: served at {@code /llm/model/info} by default
 * and at LiteLLM's {@code /model/info} with {@code llm.admin.litellm-paths=true} (which a LiteLLM config sets), group
 * switch {@code llm.admin.models.enabled}. {@code /model/info} also answers at {@code /v1/model/info}, as in LiteLLM.
 */
public final class ModelAdminPaths {

	public static final String INFO = "/model/info";

	public static final String INFO_V1 = "/v1/model/info";

	public static final String NEW = "/model/new";

	public static final String UPDATE = "/model/update";

	public static final String DELETE = "/model/delete";

	private ModelAdminPaths() {
	}
}
