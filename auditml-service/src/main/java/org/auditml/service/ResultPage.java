package org.auditml.service;

/**
 * Which stored results a results API call asks for, with Elastic's parameters: a time range
 * ({@code start} inclusive, {@code end} exclusive, epoch ms or null), a minimum score, interim results left out or
 * not, the sort field and direction, and the page ({@code from}, {@code size}).
 */
public record ResultPage(Long start, Long end, double minScore, boolean excludeInterim, String sort, boolean desc,
                         int from, int size) {
    public ResultPage {
        if (from < 0) {
            throw new RequestException("[from] parameter cannot be negative, found [" + from + "]");
        }
        if (size < 0 || from + size > 10_000) {
            throw new RequestException("[from] + [size] cannot be negative or greater than 10000; was [" + from
                    + "] + [" + size + "]");
        }
    }
}
