package org.auditml.engine.module;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A module folder as Kibana writes it, read from disk, and the errors a bad one gets. */
class ModuleFolderTest {
    private static final String MANIFEST = """
            {"id": "my_module", "title": "Mine", "description": "d",
             "query": {"bool": {"filter": [{"term": {"event.module": "auditd"}}]}},
             "jobs": [{"id": "rare_exe", "file": "rare_exe.json"}, {"id": "count", "file": "count.json"}],
             "datafeeds": [{"id": "datafeed-count", "file": "datafeed_count.json", "job_id": "count"}]}""";
    private static final String RARE_WRAPPED = """
            {"job": {"analysis_config": {"bucket_span": "15m",
              "detectors": [{"function": "rare", "by_field_name": "process.executable"}]},
              "data_description": {"time_field": "@timestamp"}}}""";
    private static final String COUNT = """
            {"analysis_config": {"bucket_span": "1h", "detectors": [{"function": "count"}]},
             "data_description": {"time_field": "@timestamp"}}""";
    private static final String DATAFEED = """
            {"job_id": "JOB_ID", "indices": ["INDEX_PATTERN_NAME"], "query": {"term": {"event.type": "start"}}}""";

    private static Map<String, String> folder() {
        Map<String, String> files = new HashMap<>();
        files.put("manifest.json", MANIFEST);
        files.put("ml/rare_exe.json", RARE_WRAPPED);
        files.put("ml/count.json", COUNT);
        files.put("ml/datafeed_count.json", DATAFEED);
        files.put("ml/datafeed_rare_exe.json", DATAFEED.replace("start", "end"));
        return files;
    }

    @Test
    void readsAKibanaFolder_withWrappedJobs_andDatafeedsByFileName(@TempDir Path dir) throws Exception {
        for (Map.Entry<String, String> f : folder().entrySet()) {
            Files.createDirectories(dir.resolve(f.getKey()).getParent());
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        ModuleFolder folder = ModuleFolder.read(dir);
        folder.validate();

        assertThat(folder.id()).isEqualTo("my_module");
        assertThat(folder.files()).isEqualTo(folder());
        Module module = Module.asShipped(folder);
        assertThat(module.setUp("p-")).extracting(j -> j.job().jobId(), j -> j.datafeed().jobId())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("p-rare_exe", "p-rare_exe"),
                        org.assertj.core.groups.Tuple.tuple("p-count", "p-count"));
        assertThat(folder.jobs().get(0).datafeedFile()).isEqualTo("ml/datafeed_rare_exe.json");
        assertThat(new ObjectMapper().readTree(module.jobs().get(0).datafeedJson()).at("/query/term/event.type")
                .asText()).isEqualTo("end");
    }

    @Test
    void aBadFolder_isRefused_namingTheFileAndField() {
        Map<String, String> noJobFile = folder();
        noJobFile.remove("ml/count.json");
        assertThatThrownBy(() -> ModuleFolder.read(noJobFile)).isInstanceOf(ModuleException.class)
                .hasMessage("manifest.json: jobs[1].file: ml/count.json is not in the folder");

        Map<String, String> badSpan = folder();
        badSpan.put("ml/count.json", COUNT.replace("\"1h\"", "\"1 hour\""));
        assertThatThrownBy(() -> ModuleFolder.read(badSpan).validate()).isInstanceOf(ModuleException.class)
                .satisfies(e -> {
                    assertThat(((ModuleException) e).file()).isEqualTo("ml/count.json");
                    assertThat(((ModuleException) e).field()).isEqualTo("analysis_config.bucket_span");
                });

        Map<String, String> badQuery = folder();
        badQuery.put("ml/datafeed_count.json", DATAFEED.replace("\"term\"", "\"percolate\""));
        assertThatThrownBy(() -> ModuleFolder.read(badQuery).validate()).isInstanceOf(ModuleException.class)
                .hasMessageStartingWith("ml/datafeed_count.json: query").hasMessageContaining("percolate");

        Map<String, String> notJson = folder();
        notJson.put("manifest.json", "{\"id\": ");
        assertThatThrownBy(() -> ModuleFolder.read(notJson)).hasMessageStartingWith("manifest.json: not valid JSON")
                .hasMessageContaining("line 1");

        Map<String, String> noId = folder();
        noId.put("manifest.json", MANIFEST.replace("\"my_module\"", "\"My Module\""));
        assertThatThrownBy(() -> ModuleFolder.read(noId)).hasMessageStartingWith("manifest.json: id: must be a module id");
    }

    @Test
    void mergePatch_mergesObjects_removesNulls_replacesArrays() throws Exception {
        ObjectMapper json = new ObjectMapper();
        var target = json.readTree("{\"a\":{\"b\":1,\"c\":[1,2]},\"d\":true}");
        var patch = json.readTree("{\"a\":{\"c\":[3],\"e\":\"x\"},\"d\":null}");

        assertThat(JsonMergePatch.apply(target, patch)).isEqualTo(json.readTree("{\"a\":{\"b\":1,\"c\":[3],\"e\":\"x\"}}"));
        assertThat(JsonMergePatch.describe(patch)).containsExactly("a.c = [3]", "a.e = \"x\"", "d removed");
        assertThat(target.path("d").asBoolean()).as("the target is not changed").isTrue();
    }
}
