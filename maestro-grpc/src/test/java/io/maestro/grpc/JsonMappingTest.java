package io.maestro.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import io.maestro.MaestroException;
import io.maestro.model.ServiceBinding;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JSON-like input to request messages and responses back, through EchoService/Echo on a real server. */
class JsonMappingTest {

    private static GrpcFixture grpc;
    private static ServiceBinding binding;

    @BeforeAll
    static void start() {
        grpc = GrpcFixture.start();
        binding = grpc.binding(b -> b.service("maestro.test.v1.EchoService"));
    }

    @AfterAll
    static void stop() {
        grpc.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> echo(Map<String, ?> input) {
        return (Map<String, Object>) grpc.call(binding, "Echo", input);
    }

    private static MaestroException badEcho(Map<String, ?> input) {
        return grpc.failure(binding, "Echo", input);
    }

    @Test
    void anEmptyResponseHasEveryFieldWithoutPresenceAtItsDefault() {
        Map<String, Object> r = echo(Map.of());

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "");
        expected.put("count", 0);
        expected.put("big", 0);
        expected.put("huge", 0);
        expected.put("small", 0);
        expected.put("ratio", 0.0);
        expected.put("weight", 0.0);
        expected.put("active", false);
        expected.put("blob", "");
        expected.put("status", "STATUS_UNSPECIFIED");
        expected.put("tags", List.of());
        expected.put("addresses", List.of());
        expected.put("counters", Map.of());
        expected.put("by_number", Map.of());
        expected.put("ids", List.of());
        expected.put("history", List.of());
        assertThat(r).containsExactlyEntriesOf(expected); // in declaration order; messages, oneofs, optionals and wrappers absent
    }

    @Test
    void aNullInputIsAnEmptyRequest() {
        assertThat(grpc.call(binding, "Echo", null)).asInstanceOf(MAP).containsEntry("name", "").containsEntry("count", 0);
    }

    @Test
    void nestedMessagesRepeatedFieldsAndMapsComeBackWithProtoFieldNames() {
        Map<String, Object> r = echo(Map.of(
                "address", Map.of("street", "Main St", "zip_code", "1000"),
                "tags", List.of("a", "b"),
                "addresses", List.of(Map.of("zip_code", "1"), Map.of("street", "Side St")),
                "counters", Map.of("x", 1, "y", 9_000_000_000L),
                "by_number", Map.of("7", Map.of("zip_code", "7000")),
                "inner", Map.of("statuses", List.of("ACTIVE", "SUSPENDED"), "level", 3)));

        assertThat(r.get("address")).isEqualTo(Map.of("street", "Main St", "zip_code", "1000"));
        assertThat(r.get("tags")).isEqualTo(List.of("a", "b"));
        assertThat(r.get("addresses")).isEqualTo(List.of(Map.of("street", "", "zip_code", "1"), Map.of("street", "Side St", "zip_code", "")));
        assertThat(r.get("counters")).isEqualTo(Map.of("x", 1, "y", 9_000_000_000L));
        assertThat(r.get("by_number")).isEqualTo(Map.of("7", Map.of("street", "", "zip_code", "7000")));
        assertThat(r.get("inner")).isEqualTo(Map.of("statuses", List.of("ACTIVE", "SUSPENDED"), "level", 3));
        assertThat(r).doesNotContainKeys("zipCode", "byNumber");
    }

    @Test
    void jsonNamesAreAcceptedInTheInputButTheOutputUsesProtoNames() {
        Map<String, Object> r = echo(Map.of("address", Map.of("zipCode", "1000"), "createdAt", "2024-05-01T12:00:00Z"));

        assertThat(r.get("address")).isEqualTo(Map.of("street", "", "zip_code", "1000"));
        assertThat(r).containsEntry("created_at", "2024-05-01T12:00:00Z").doesNotContainKey("createdAt");
    }

    @Test
    void sixtyFourBitIntegersComeBackAsExactNumbersNotStrings() {
        Map<String, Object> r = echo(Map.of(
                "big", 9_007_199_254_740_993L,              // 2^53 + 1: not exact as a double
                "huge", new BigInteger("18446744073709551615"), // the largest uint64
                "small", -5,
                "ids", List.of(1, "2", 3_000_000_000L),        // decimal strings are accepted, as in proto JSON
                "maybe_big", "-9223372036854775808"));

        assertThat(r.get("big")).isEqualTo(9_007_199_254_740_993L);
        assertThat(r.get("huge")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(r.get("small")).isEqualTo(-5);
        assertThat(r.get("ids")).isEqualTo(List.of(1, 2, 3_000_000_000L));
        assertThat(r.get("maybe_big")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void enumsGoByNameAndComeBackByName() {
        Map<String, Object> r = echo(Map.of("status", "SUSPENDED", "history", List.of("ACTIVE", 2)));

        assertThat(r.get("status")).isEqualTo("SUSPENDED");
        assertThat(r.get("history")).isEqualTo(List.of("ACTIVE", "SUSPENDED"));
    }

    @Test
    void anEnumNumberTheSchemaDoesNotKnowStaysANumber() {
        assertThat(echo(Map.of("status", 42)).get("status")).isEqualTo(42);
    }

    @Test
    void timestampsAndDurationsUseTheirJsonForm() {
        Map<String, Object> r = echo(Map.of("created_at", "2024-05-01T14:00:00.250+02:00", "ttl", "90.5s"));

        assertThat(r.get("created_at")).isEqualTo("2024-05-01T12:00:00.250Z");
        assertThat(r.get("ttl")).isEqualTo("90.500s");
    }

    @Test
    void oneofMembersComeBackOnlyWhenSet() {
        Map<String, Object> r = echo(Map.of("email", "ada@example.com"));

        assertThat(r).containsEntry("email", "ada@example.com").doesNotContainKey("phone");
    }

    @Test
    void structsValuesWrappersAndOptionalsUseTheirJsonForm() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("score", 750);
        attributes.put("ratio", 0.25);
        attributes.put("tags", List.of("x", true));
        attributes.put("none", null);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("attributes", attributes);
        input.put("anything", null);
        input.put("nickname", "Ada");
        input.put("opt_count", 0);
        input.put("weight", 0.1);
        input.put("blob", "aGVsbG8=");

        Map<String, Object> r = echo(input);

        assertThat(r.get("attributes")).isEqualTo(attributes);
        assertThat(r).containsEntry("anything", null).containsEntry("nickname", "Ada").containsEntry("opt_count", 0)
                .containsEntry("weight", 0.1).containsEntry("blob", "aGVsbG8=");
    }

    @Test
    void anAnyIsReadAndWrittenWithItsType() {
        Map<String, Object> r = echo(Map.of("extra", Map.of("@type", "type.googleapis.com/maestro.test.v1.Address", "zip_code", "42")));

        assertThat(r.get("extra")).isEqualTo(Map.of("@type", "type.googleapis.com/maestro.test.v1.Address", "street", "", "zip_code", "42"));
    }

    @Test
    void anAnyOfAWellKnownTypeHoldsItInValue() {
        Map<String, Object> r = echo(Map.of("extra", Map.of("@type", "type.googleapis.com/google.protobuf.Timestamp", "value", "2024-05-01T12:00:00Z")));

        assertThat(r.get("extra")).isEqualTo(Map.of("@type", "type.googleapis.com/google.protobuf.Timestamp", "value", "2024-05-01T12:00:00Z"));
    }

    @Test
    void theDescriptorSetPathMapsJsonTheSameWay() {
        ServiceBinding fromFile = grpc.binding(b -> b.descriptorSet(GrpcFixture.DESCRIPTOR_SET));
        Map<String, Object> input = Map.of("big", 9_007_199_254_740_993L, "address", Map.of("zip_code", "1"), "created_at", "2024-05-01T12:00:00Z",
                "extra", Map.of("@type", "type.googleapis.com/maestro.test.v1.Address", "street", "s"));

        assertThat(grpc.call(fromFile, "maestro.test.v1.EchoService/Echo", input)).isEqualTo(echo(input));
    }

    @Test
    void anUnknownInputFieldIsABadRequestNamingTheFieldAndItsPath() {
        MaestroException e = badEcho(Map.of("address", Map.of("zip", "1000")));

        assertThat(e.code()).isEqualTo("bad_request");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("maestro.test.v1.EchoService/Echo", "input.address.zip", "unknown field 'zip'",
                "maestro.test.v1.Address", "did you mean 'zip_code'?");
    }

    @Test
    void unknownFieldsAreDroppedWhenTheBindingSaysSo() {
        ServiceBinding lenient = grpc.binding(b -> b.service("maestro.test.v1.EchoService").ignoreUnknownFields(true));

        Object r = grpc.call(lenient, "Echo", Map.of("name", "n", "nope", 1, "status", "NO_SUCH_STATUS"));

        assertThat(r).asInstanceOf(MAP).containsEntry("name", "n").containsEntry("status", "STATUS_UNSPECIFIED");
    }

    @Test
    void aValueOfTheWrongTypeIsABadRequestNamingTheField() {
        assertThat(badEcho(Map.of("count", "abc")).getMessage()).contains("input.count", "expected an int32", "\"abc\"");
        assertThat(badEcho(Map.of("name", 5)).getMessage()).contains("input.name", "expected a string, got 5");
        assertThat(badEcho(Map.of("active", "yes")).getMessage()).contains("input.active", "expected a bool");
        assertThat(badEcho(Map.of("tags", "a")).getMessage()).contains("input.tags", "expected a list");
        assertThat(badEcho(Map.of("addresses", List.of(Map.of(), 3))).getMessage()).contains("input.addresses[1]", "expected an object");
        assertThat(badEcho(Map.of("created_at", "yesterday")).getMessage()).contains("input.created_at", "google.protobuf.Timestamp");
        assertThat(badEcho(Map.of("count", 1.5)).code()).isEqualTo("bad_request");
    }

    @Test
    void anIntegerOutOfRangeIsABadRequest() {
        assertThat(badEcho(Map.of("count", 3_000_000_000L)).getMessage()).contains("input.count", "out of range for an int32");
        assertThat(badEcho(Map.of("huge", -1)).getMessage()).contains("input.huge", "out of range for an uint64");
    }

    @Test
    void anUnknownEnumNameIsABadRequestListingTheValues() {
        MaestroException e = badEcho(Map.of("status", "ACTIV"));

        assertThat(e.getMessage()).contains("input.status", "'ACTIV'", "did you mean 'ACTIVE'?", "STATUS_UNSPECIFIED, ACTIVE, SUSPENDED");
    }

    @Test
    void twoMembersOfOneOneofAreABadRequest() {
        MaestroException e = badEcho(Map.of("email", "a@b.c", "phone", "123"));

        assertThat(e.code()).isEqualTo("bad_request");
        assertThat(e.getMessage()).contains("oneof contact");
    }

    @Test
    void anInputThatIsNoObjectIsABadRequest() {
        MaestroException e = grpc.failure(binding, "Echo", List.of(1, 2));

        assertThat(e.code()).isEqualTo("bad_request");
        assertThat(e.getMessage()).contains("input: expected an object (maestro.test.v1.Everything), got a list");
    }

    @Test
    void nullFieldsMeanNotSet() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", null);
        input.put("address", null);
        input.put("tags", null);

        Map<String, Object> r = echo(input);

        assertThat(r).containsEntry("name", "").containsEntry("tags", List.of()).doesNotContainKey("address");
    }
}
