package io.llmgateway.gateway.model;

import java.nio.charset.StandardCharsets;

import io.llmgateway.gateway.core.ErrorWriter;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code LlmModels}: a terminal filter answering {@code GET /v1/models} (and {@code /v1/models/{alias}}) with the
 * configured names (wildcard patterns such as {@code openai/*} as written) and visible aliases in OpenAI's list format. Shows aliases only: never a provider model id, base URL or key.
 */
public class LlmModelsGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final ModelRegistry models;

	private final long created = System.currentTimeMillis() / 1000;

	private volatile byte[] list;

	public LlmModelsGatewayFilterFactory(ModelRegistry models) {
		super(Object.class);
		this.models = models;
		this.list = list(models.snapshot());
		models.onChange(next -> this.list = list(next));
	}

	/** Configured names (wildcard patterns as written, like LiteLLM), then visible aliases. */
	private byte[] list(ModelSnapshot snapshot) {
		ObjectNode root = JsonNodeFactory.instance.objectNode();
		root.put("object", "list");
		ArrayNode data = root.putArray("data");
		for (ModelGroup group : snapshot.groups()) {
			data.add(entry(group.name(), group));
		}
		snapshot.visibleAliases().forEach((alias, target) -> data.add(entry(alias, snapshot.group(target))));
		return MAPPER.writeValueAsBytes(root);
	}

	@Override
	public String name() {
		return "LlmModels";
	}

	private ObjectNode entry(String id, ModelGroup group) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("id", id);
		node.put("object", "model");
		node.put("created", created);
		node.put("owned_by", group.deployments().get(0).provider());
		return node;
	}

	@Override
	public GatewayFilter apply(Object config) {
		return (exchange, chain) -> {
			ServerWebExchangeUtils.setAlreadyRouted(exchange);
			String path = exchange.getRequest().getPath().value();
			int at = path.indexOf("/models/");
			byte[] body;
			if (at >= 0 && at + 8 < path.length()) {
				String alias = java.net.URLDecoder.decode(path.substring(at + 8), StandardCharsets.UTF_8);
				ModelGroup group = models.group(alias);
				if (group == null) {
					return ErrorWriter.write(exchange, LlmError.of(ErrorType.NOT_FOUND, "model_not_found",
							"The model '" + alias + "' does not exist. Call GET /v1/models to list the available models."));
				}
				body = MAPPER.writeValueAsBytes(entry(alias, group));
			}
			else {
				body = list;
			}
			ServerHttpResponse response = exchange.getResponse();
			response.setStatusCode(HttpStatus.OK);
			response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
			response.getHeaders().setContentLength(body.length);
			return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
		};
	}
}
