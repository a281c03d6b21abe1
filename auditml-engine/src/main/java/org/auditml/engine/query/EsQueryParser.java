package org.auditml.engine.query;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.search.Query;

import java.util.Map;

/**
 * Lucene's classic query parser with the one piece of syntax Elasticsearch's query_string adds: one-sided ranges
 * {@code pid:>1000}, {@code pid:>=1000}, {@code pid:<10}, {@code pid:<=10}.
 */
final class EsQueryParser extends MultiFieldQueryParser {
    EsQueryParser(String[] fields, Analyzer analyzer, Map<String, Float> boosts) {
        super(fields, analyzer, boosts);
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, boolean quoted) throws ParseException {
        if (!quoted && field != null && queryText.length() > 1) {
            if (queryText.startsWith(">=")) {
                return getRangeQuery(field, queryText.substring(2), null, true, true);
            } else if (queryText.startsWith(">")) {
                return getRangeQuery(field, queryText.substring(1), null, false, true);
            } else if (queryText.startsWith("<=")) {
                return getRangeQuery(field, null, queryText.substring(2), true, true);
            } else if (queryText.startsWith("<")) {
                return getRangeQuery(field, null, queryText.substring(1), true, false);
            }
        }
        return super.getFieldQuery(field, queryText, quoted);
    }
}
