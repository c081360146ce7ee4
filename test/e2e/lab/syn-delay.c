/*
 * syn-delay: holds packets from NFQUEUE queues for a fixed time each, then lets them through.
 * The lab's "slow" role: iptables sends the SYNs to one address:port to queue Q, and this program
 * accepts each of them DELAY_MS later, so the handshake takes that much longer (the kernel here has no
 * netem). Usage: syn-delay Q:DELAY_MS [Q:DELAY_MS ...]. Prints "ready" once every queue is bound, and
 * exits when stdin closes, so it never outlives the test run that started it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <libnetfilter_queue/libnetfilter_queue.h>

#define MAX_QUEUES 16
#define MAX_HELD 4096

struct held { struct nfq_q_handle *queue; uint32_t id; uint64_t due_ns; };

/* Packets in the order they are due: every queue has one delay, so arrival order is due order per queue;
   across queues, the list is kept sorted on insertion. */
static struct held held[MAX_HELD];
static int held_count = 0;

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static int on_packet(struct nfq_q_handle *queue, struct nfgenmsg *message, struct nfq_data *data, void *delay) {
  (void)message;
  struct nfqnl_msg_packet_hdr *header = nfq_get_msg_packet_hdr(data);
  if (header == NULL) return 0;
  uint32_t id = ntohl(header->packet_id);
  if (held_count == MAX_HELD) return nfq_set_verdict(queue, id, NF_ACCEPT, 0, NULL);
  uint64_t due = now_ns() + *(uint64_t *)delay;
  int at = held_count;
  while (at > 0 && held[at - 1].due_ns > due) at--;
  memmove(&held[at + 1], &held[at], (size_t)(held_count - at) * sizeof held[0]);
  held[at] = (struct held){ queue, id, due };
  held_count++;
  return 0;
}

int main(int argc, char **argv) {
  static uint64_t delays[MAX_QUEUES];
  if (argc < 2 || argc - 1 > MAX_QUEUES) {
    fprintf(stderr, "usage: syn-delay QUEUE:DELAY_MS [QUEUE:DELAY_MS ...]\n");
    return 2;
  }
  struct nfq_handle *handle = nfq_open();
  if (handle == NULL) { perror("syn-delay: nfq_open"); return 1; }
  for (int i = 1; i < argc; i++) {
    unsigned queue_number; unsigned long long delay_ms;
    if (sscanf(argv[i], "%u:%llu", &queue_number, &delay_ms) != 2) { fprintf(stderr, "syn-delay: bad argument %s\n", argv[i]); return 2; }
    delays[i - 1] = delay_ms * 1000000ull;
    struct nfq_q_handle *queue = nfq_create_queue(handle, queue_number, &on_packet, &delays[i - 1]);
    if (queue == NULL) { perror("syn-delay: nfq_create_queue"); return 1; }
    if (nfq_set_mode(queue, NFQNL_COPY_META, 0) < 0) { perror("syn-delay: nfq_set_mode"); return 1; }
  }
  int fd = nfq_fd(handle);
  printf("ready\n");
  fflush(stdout);

  static char buffer[65536];
  for (;;) {
    int timeout_ms = -1;
    if (held_count > 0) {
      uint64_t now = now_ns();
      timeout_ms = held[0].due_ns > now ? (int)((held[0].due_ns - now + 999999) / 1000000) : 0;
    }
    struct pollfd fds[2] = { { fd, POLLIN, 0 }, { STDIN_FILENO, POLLIN, 0 } };
    if (poll(fds, 2, timeout_ms) < 0 && errno != EINTR) { perror("syn-delay: poll"); return 1; }
    if (fds[1].revents != 0) {
      char byte;
      if (read(STDIN_FILENO, &byte, 1) <= 0) break;
    }
    if (fds[0].revents & POLLIN) {
      ssize_t length = recv(fd, buffer, sizeof buffer, 0);
      if (length > 0) nfq_handle_packet(handle, buffer, (int)length);
    }
    uint64_t now = now_ns();
    int due = 0;
    while (due < held_count && held[due].due_ns <= now) {
      nfq_set_verdict(held[due].queue, held[due].id, NF_ACCEPT, 0, NULL);
      due++;
    }
    if (due > 0) {
      memmove(&held[0], &held[due], (size_t)(held_count - due) * sizeof held[0]);
      held_count -= due;
    }
  }
  /* Whatever is still held goes through, so no connection is left hanging. */
  for (int i = 0; i < held_count; i++) nfq_set_verdict(held[i].queue, held[i].id, NF_ACCEPT, 0, NULL);
  nfq_close(handle);
  return 0;
}
