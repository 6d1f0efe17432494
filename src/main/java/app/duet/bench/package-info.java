/**
 * The load generator ({@code duet bench}): workloads that drive a running Duet (one node or a
 * cluster's balancer) over loopback, only through its public protocol, and print figures as JSON
 * lines. Open loop where rates are concerned: work is scheduled by the clock, never by the
 * server's answers, so a stalled server shows up as latency instead of hiding behind a stalled
 * client. Latencies go into HdrHistograms.
 */
package app.duet.bench;
