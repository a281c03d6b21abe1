package org.auditml.engine.query;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.analysis.core.KeywordAnalyzer;

/**
 * The search analyzer of each field, for Lucene's query parsers: text fields the standard analyzer, every other type
 * the whole value (Elasticsearch's keyword analysis; a number, date or address is then read by its type).
 */
final class FieldAnalyzer extends DelegatingAnalyzerWrapper {
    static final Analyzer KEYWORD = new KeywordAnalyzer();

    private final FieldMappings mappings;

    FieldAnalyzer(FieldMappings mappings) {
        super(PER_FIELD_REUSE_STRATEGY);
        this.mappings = mappings;
    }

    @Override
    protected Analyzer getWrappedAnalyzer(String fieldName) {
        return mappings.mapping(fieldName).type() == FieldType.TEXT ? IndexedValues.STANDARD : KEYWORD;
    }
}
