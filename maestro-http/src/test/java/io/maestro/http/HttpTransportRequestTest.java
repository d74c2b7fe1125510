package io.maestro.http;

import static io.maestro.http.Calls.call;
import static io.maestro.http.Calls.failure;
import static io.maestro.http.Calls.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.MaestroException;
import io.maestro.http.LoopbackServer.Received;
import io.maestro.http.LoopbackServer.Reply;
import io.maestro.model.ServiceBinding;
import io.maestro.spi.transport.CallMetadata;
import io.maestro.spi.transport.ServiceCall;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How calls become requests: method mapping, encoding, query versus body, headers. */
class HttpTransportRequestTest {

    private LoopbackServer server;
    private HttpTransport transport;
    private ServiceBinding binding;

    @BeforeEach
    void start() {
        server = LoopbackServer.start();
        transport = HttpTransport.create();
        binding = HttpService.of(server.url());
    }

    @AfterEach
    void stop() {
        transport.close();
        server.close();
    }

    @Test
    void getFillsPathVariablesAndSendsTheRestAsQueryParameters() throws Exception {
        server.on("GET /scores/A-17", Reply.json(200, "{\"value\":720}"));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("id", "A-17");
        input.put("bureau", "experian");
        input.put("full", true);

        Object value = result(transport.call(call(binding, "GET /scores/{id}", input)));

        assertThat(value).isEqualTo(Map.of("value", 720));
        Received r = server.onlyRequest();
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.rawQuery()).isEqualTo("bureau=experian&full=true");
        assertThat(r.body()).isEmpty();
        assertThat(r.header("Content-Type")).isNull();
    }

    @Test
    void encodesSpacesAndSlashesInPathVariablesAsOneSegment() throws Exception {
        server.on("GET /files/annual%20report%2F2024.pdf/versions/J%C3%B6rg", Reply.json(200, "{}"));

        result(transport.call(call(binding, "GET /files/{name}/versions/{owner}", Map.of("name", "annual report/2024.pdf", "owner", "Jörg"))));

        Received r = server.onlyRequest();
        assertThat(r.rawPath()).isEqualTo("/files/annual%20report%2F2024.pdf/versions/J%C3%B6rg");
        assertThat(r.rawQuery()).isNull();
    }

    @Test
    void encodesReservedCharactersInPathVariablesAndQueryValues() throws Exception {
        server.on("GET /q/a%3Fb%23c%25d%26e", Reply.json(200, "{}"));

        result(transport.call(call(binding, "GET /q/{term}", ordered("term", "a?b#c%d&e", "text", "x y+z=1&w"))));

        Received r = server.onlyRequest();
        assertThat(r.rawPath()).isEqualTo("/q/a%3Fb%23c%25d%26e");
        assertThat(r.rawQuery()).isEqualTo("text=x%20y%2Bz%3D1%26w");
    }

    @Test
    void repeatsTheKeyForListsSendsMapsAsJsonAndLeavesOutNulls() throws Exception {
        server.on("GET /search", Reply.json(200, "[]"));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("tag", List.of("red", "big"));
        input.put("missing", null);
        input.put("filter", Map.of("min", 1));
        input.put("limit", 10);
        input.put("ratio", 17.0);
        input.put("precise", new BigDecimal("1E+3"));

        result(transport.call(call(binding, "GET /search", input)));

        assertThat(server.onlyRequest().rawQuery())
                .isEqualTo("tag=red&tag=big&filter=%7B%22min%22%3A1%7D&limit=10&ratio=17&precise=1000");
    }

    @Test
    void keepsALiteralQueryOfTheMethodAndFillsItsVariables() throws Exception {
        server.on("GET /search", Reply.json(200, "[]"));

        result(transport.call(call(binding, "GET /search?kind=full&q={q}", ordered("q", "a b", "page", 2))));

        assertThat(server.onlyRequest().rawQuery()).isEqualTo("kind=full&q=a%20b&page=2");
    }

    @Test
    void deleteSendsTheInputAsQueryParametersWithoutBody() throws Exception {
        server.on("DELETE /loans/L-1", Reply.status(204));

        Object value = result(transport.call(call(binding, "DELETE /loans/{loan_id}", ordered("loan_id", "L-1", "reason", "duplicate"))));

        assertThat(value).isNull();
        Received r = server.onlyRequest();
        assertThat(r.method()).isEqualTo("DELETE");
        assertThat(r.rawQuery()).isEqualTo("reason=duplicate");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void postSendsTheInputLessPathVariablesAsJson() throws Exception {
        server.on("POST /loans/7/approve", Reply.json(201, "{\"status\":\"approved\"}"));
        Map<String, Object> input = ordered("loan_id", 7, "amount", new BigDecimal("1000.50"));
        input.put("terms", Map.of("months", 36));

        Object value = result(transport.call(call(binding, "POST /loans/{loan_id}/approve", input)));

        assertThat(value).isEqualTo(Map.of("status", "approved"));
        Received r = server.onlyRequest();
        assertThat(r.rawQuery()).isNull();
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.bodyText()).isEqualTo("{\"amount\":1000.50,\"terms\":{\"months\":36}}");
    }

    @Test
    void putAndPatchSendJsonBodies() throws Exception {
        server.on("PUT /accounts/9", Reply.json(200, "{}"));
        server.on("PATCH /accounts/9", Reply.json(200, "{}"));

        result(transport.call(call(binding, "PUT /accounts/{id}", ordered("id", 9, "name", "Ada"))));
        result(transport.call(call(binding, "patch /accounts/{id}", ordered("id", 9, "tags", List.of("a")))));

        List<Received> all = server.requests();
        assertThat(all).extracting(Received::method).containsExactly("PUT", "PATCH");
        assertThat(all).extracting(Received::bodyText).containsExactly("{\"name\":\"Ada\"}", "{\"tags\":[\"a\"]}");
    }

    @Test
    void aBareNameIsAPostOfTheWholeInputToThatName() throws Exception {
        server.on("POST /GetCreditScore", Reply.json(200, "{\"value\":750}"));

        Object value = result(transport.call(call(binding, "GetCreditScore", Map.of("applicant_id", "A-17"))));

        assertThat(value).isEqualTo(Map.of("value", 750));
        assertThat(server.onlyRequest().bodyText()).isEqualTo("{\"applicant_id\":\"A-17\"}");
    }

    @Test
    void aBodyVerbWithNullInputSendsNoBody() throws Exception {
        server.on("POST /Ping", Reply.status(204));

        assertThat(result(transport.call(call(binding, "Ping", null)))).isNull();

        Received r = server.onlyRequest();
        assertThat(r.body()).isEmpty();
        assertThat(r.header("Content-Type")).isNull();
    }

    @Test
    void aBodyVerbSendsAListOrScalarInputAsIs() throws Exception {
        server.on("POST /Batch", Reply.status(204));

        result(transport.call(call(binding, "Batch", List.of(1, 2))));

        assertThat(server.onlyRequest().bodyText()).isEqualTo("[1,2]");
    }

    @Test
    void appendsPathsToAnEndpointWithABasePath() throws Exception {
        server.on("GET /api/v1/scores/3", Reply.json(200, "{}"));

        result(transport.call(call(HttpService.of(server.url() + "/api/v1/"), "GET /scores/{id}", Map.of("id", 3))));

        assertThat(server.onlyRequest().rawPath()).isEqualTo("/api/v1/scores/3");
    }

    @Test
    void sendsMaestroHeadersOnEveryRequest() throws Exception {
        server.on("POST /AutoApprove", Reply.json(200, "{}"));
        ServiceCall c = new ServiceCall("loan_service", binding, "AutoApprove", Map.of(),
                new CallMetadata("exec-42", "auto_approve", "exec-42:auto_approve", 3, false), Duration.ofSeconds(5));

        result(transport.call(c));

        Received r = server.onlyRequest();
        assertThat(r.header("Idempotency-Key")).isEqualTo("exec-42:auto_approve");
        assertThat(r.header("X-Maestro-Execution-Id")).isEqualTo("exec-42");
        assertThat(r.header("X-Maestro-Step-Id")).isEqualTo("auto_approve");
        assertThat(r.header("X-Maestro-Attempt")).isEqualTo("3");
        assertThat(r.header("User-Agent")).matches("maestro/\\S+");
        assertThat(r.header("Accept")).isEqualTo("application/json");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void sendsTheBindingHeadersWithTemplatesOverTheStepInput() throws Exception {
        server.on("GET /scores/5", Reply.json(200, "{}"));
        ServiceBinding withHeaders = HttpService.builder(server.url())
                .header("X-Client", "maestro")
                .header("Authorization", "Bearer {{ .input.auth.token }}")
                .header("X-Tenant", "{{ input['tenant'] }}")
                .header("X-First-Tag", "{{ .input.tags[0] }}")
                .header("X-Absent", "{{ .input.nothing }}")
                .header("Accept", "application/vnd.scores+json")
                .build();
        Map<String, Object> input = ordered("id", 5, "tenant", "acme");
        input.put("auth", Map.of("token", "s3cr3t"));
        input.put("tags", List.of("gold"));

        result(transport.call(call(withHeaders, "GET /scores/{id}", input)));

        Received r = server.onlyRequest();
        assertThat(r.header("X-Client")).isEqualTo("maestro");
        assertThat(r.header("Authorization")).isEqualTo("Bearer s3cr3t");
        assertThat(r.header("X-Tenant")).isEqualTo("acme");
        assertThat(r.header("X-First-Tag")).isEqualTo("gold");
        assertThat(r.headers().containsKey("X-Absent")).isFalse();
        assertThat(r.header("Accept")).isEqualTo("application/vnd.scores+json");
    }

    @Test
    void aBindingFromYamlCannotReplaceTheIdempotencyKey() throws Exception {
        server.on("POST /M", Reply.status(204));
        ServiceBinding yamlLike = ServiceBinding.of("http", server.url()).withHeader("Idempotency-Key", "mine");

        result(transport.call(call(yamlLike, "M", Map.of())));

        assertThat(server.onlyRequest().headers().get("Idempotency-Key")).containsExactly("exec-1:credit_check");
    }

    @Test
    void aMissingPathVariableFailsWithoutSendingAnything() throws Exception {
        MaestroException e = failure(transport.call(call(binding, "GET /scores/{id}", Map.of("other", 1))));

        assertThat(e.code()).isEqualTo("invalid_input");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("{id}").contains("missing");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void anEmptyOrStructuredPathVariableFails() throws Exception {
        assertThat(failure(transport.call(call(binding, "DELETE /items/{id}", Map.of("id", "")))).getMessage()).contains("empty");
        assertThat(failure(transport.call(call(binding, "GET /items/{id}", Map.of("id", List.of(1))))).code()).isEqualTo("invalid_input");
        HashMap<String, Object> nullId = new HashMap<>();
        nullId.put("id", null);
        assertThat(failure(transport.call(call(binding, "GET /items/{id}", nullId))).getMessage()).contains("null");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aGetWhoseInputIsNotAMapFails() throws Exception {
        MaestroException e = failure(transport.call(call(binding, "GET /scores", List.of(1, 2))));

        assertThat(e.code()).isEqualTo("invalid_input");
        assertThat(e.getMessage()).contains("query parameters").contains("a list");
    }

    @Test
    void anInvalidMethodFailsAndIsNotRetryable() throws Exception {
        for (String method : Arrays.asList("FETCH /x", "/scores", "GET scores", "GET /a/{b", "GET /a/{b c}", "Get Credit Score")) {
            MaestroException e = failure(transport.call(call(binding, method, Map.of())));
            assertThat(e.code()).as(method).isEqualTo("invalid_method");
            assertThat(e.isRetryable()).isFalse();
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void anInvalidEndpointFailsAsABindingError() throws Exception {
        MaestroException e = failure(transport.call(call(ServiceBinding.of("http", "ftp://host"), "M", Map.of())));

        assertThat(e.code()).isEqualTo("invalid_binding");
        assertThat(e.getMessage()).contains("http://");
    }

    @Test
    void headSendsQueryParametersAndYieldsNull() throws Exception {
        server.on("HEAD /health", Reply.json(200, "{\"ok\":true}"));

        assertThat(result(transport.call(call(binding, "HEAD /health", Map.of("deep", true))))).isNull();
        assertThat(server.onlyRequest().rawQuery()).isEqualTo("deep=true");
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
