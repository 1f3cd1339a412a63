package io.synfin.cli.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One conformance case: a trace from Zeek's regression suite and the TCP rows Zeek logs for it, read
 * from the case's {@code case.json} manifest (testdata/zeek/README.md explains the fields).
 */
record ZeekCase(String name, Path trace, boolean checksumsVerified, List<Row> rows) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One expected TCP row. Counters and labels are null where the baseline does not have them.
     *
     * @param row the baseline's row number
     * @param orig originator endpoint text "addr:port" as Zeek logged it (or implied by its history)
     * @param resp responder endpoint text
     * @param firstPacketMicros capture time of the row's first packet, or -1 when the endpoint pair has
     *     several rows (those are matched as a group)
     */
    record Row(int row, String orig, String resp, long firstPacketMicros, String connState, String history,
            Long origPkts, Long respPkts, Long origBytes, Long respBytes) {}

    static ZeekCase load(Path dir) {
        try {
            JsonNode c = JSON.readTree(dir.resolve("case.json").toFile());
            List<Row> rows = new ArrayList<>();
            for (JsonNode r : c.get("tcp_connections")) {
                String orig;
                String resp;
                if (r.has("trace_flow")) {
                    JsonNode flow = r.get("trace_flow");
                    String first = flow.get("first_sender").asText();
                    String other = flow.get("other_end").asText();
                    orig = flow.get("originator_implied_by_history").asText();
                    resp = orig.equals(first) ? other : first;
                } else {
                    orig = endpoint(r.get("id.orig_h").asText(), r.get("id.orig_p").asText());
                    resp = endpoint(r.get("id.resp_h").asText(), r.get("id.resp_p").asText());
                }
                JsonNode ts = r.get("first_packet_ts");
                long first = ts == null || ts.isNull()
                        ? -1
                        : new BigDecimal(ts.asText()).movePointRight(6).longValueExact();
                rows.add(new Row(r.get("baseline_row").asInt(), orig, resp, first, text(r, "conn_state"),
                        text(r, "history"), number(r, "orig_pkts"), number(r, "resp_pkts"), number(r, "orig_bytes"),
                        number(r, "resp_bytes")));
            }
            boolean verified = c.get("zeek_run").get("checksums").asText().equals("verified");
            return new ZeekCase(c.get("case").asText(), dir.resolve(c.get("files").get("trace").asText()), verified, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String endpoint(String addr, String port) {
        return (addr.contains(":") ? "[" + addr + "]" : addr) + ":" + port;
    }

    private static String text(JsonNode row, String field) {
        JsonNode v = row.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long number(JsonNode row, String field) {
        String v = text(row, field);
        return v == null || v.equals("-") ? null : Long.valueOf(v);
    }
}
