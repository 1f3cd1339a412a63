package io.synfin.core.state;

/**
 * The eleven connection states of RFC 9293 §3.3.2, as a passive observer infers them for one endpoint.
 *
 * <pre>
 *                              +---------+ ---------\      active OPEN
 *                              |  CLOSED |            \    -----------
 *                              +---------+&lt;---------\   \   create TCB
 *                                |     ^              \   \  snd SYN
 *                   passive OPEN |     |   CLOSE        \   \
 *                   ------------ |     | ----------       \   \
 *                    create TCB  |     | delete TCB         \   \
 *                                V     |                      \   \
 *            rcv RST (note 1)  +---------+            CLOSE    |    \
 *         --------------------&gt;|  LISTEN |          ---------- |     |
 *        /                     +---------+          delete TCB |     |
 *       /           rcv SYN      |     |     SEND              |     |
 *      /           -----------   |     |    -------            |     V
 * +--------+      snd SYN,ACK   /       \   snd SYN          +--------+
 * |        |&lt;-----------------           ------------------&gt;|        |
 * |  SYN   |                    rcv SYN                     |  SYN   |
 * |  RCVD  |&lt;-----------------------------------------------|  SENT  |
 * |        |                  snd SYN,ACK                   |        |
 * |        |------------------           -------------------|        |
 * +--------+   rcv ACK of SYN  \       /  rcv SYN,ACK       +--------+
 *    |         --------------   |     |   -----------
 *    |                x         |     |     snd ACK
 *    |                          V     V
 *    |  CLOSE                 +---------+
 *    | -------                |  ESTAB  |
 *    | snd FIN                +---------+
 *    |                 CLOSE    |     |    rcv FIN
 *    V                -------   |     |    -------
 * +---------+         snd FIN  /       \   snd ACK         +---------+
 * |  FIN    |&lt;----------------          ------------------&gt;|  CLOSE  |
 * | WAIT-1  |------------------                            |   WAIT  |
 * +---------+          rcv FIN  \                          +---------+
 *   | rcv ACK of FIN   -------   |                          CLOSE  |
 *   | --------------   snd ACK   |                         ------- |
 *   V        x                   V                         snd FIN V
 * +---------+               +---------+                    +---------+
 * |FINWAIT-2|               | CLOSING |                    | LAST-ACK|
 * +---------+               +---------+                    +---------+
 *   |              rcv ACK of FIN |                 rcv ACK of FIN |
 *   |  rcv FIN     -------------- |    Timeout=2MSL -------------- |
 *   |  -------            x       V    ------------        x       V
 *    \ snd ACK              +---------+delete TCB          +---------+
 *      -------------------&gt;|TIME-WAIT|-------------------&gt;| CLOSED  |
 *                           +---------+                    +---------+
 * </pre>
 *
 * (RFC 9293 Figure 5; note 1: a RST received in SYN-RECEIVED returns a passively opened endpoint to
 * LISTEN.) The observer sees a segment when it is sent and assumes it is delivered, so it moves the
 * sender on what it sends and the receiver on what it receives.
 */
public enum TcpState {
    CLOSED,
    LISTEN,
    SYN_SENT,
    SYN_RECEIVED,
    ESTABLISHED,
    FIN_WAIT_1,
    FIN_WAIT_2,
    CLOSE_WAIT,
    CLOSING,
    LAST_ACK,
    TIME_WAIT
}
