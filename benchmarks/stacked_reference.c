/* The C reference of benchmarks/bench_stacked.py: K copies of a two-layer network
 * (n_in - n_hid - n_out, sigmoid hidden layer, identity or softmax output), each trained
 * by online SGD exactly as bpteach.train trains one, in a plain C loop.
 *
 * Compiled at run time by bench_stacked.py (cc -O2, no fast-math, so every operation is
 * rounded as NumPy rounds it; only the order of the terms of a dot product and the
 * libm's tanh, exp and log may differ, by a rounding). The benchmark passes in every
 * copy's initial parameters and every epoch's sample order, drawn by NumPy from the
 * copies' seeds, and compares the final parameters this program writes with those of
 * train_stacked.
 *
 * One step of one copy, for the sample x (1, n_in) with target t (1, n_out):
 *   u1 = x W1 + b1,        y1 = 0.5 + 0.5 tanh(0.5 u1)        (bpteach's sigmoid)
 *   u2 = y1 W2 + b2,       y2 = u2, or softmax(u2) shifted by its maximum
 *   E += 1/2 sum (y2 - t)^2, or -sum t log max(y2, TINY)
 *   delta2 = y2 - t
 *   grad_W2 = y1^T delta2, grad_b2 = delta2, grad_y1 = delta2 W2^T
 *   delta1 = grad_y1 (1 - y1) y1
 *   grad_W1 = x^T delta1,  grad_b1 = delta1
 *   theta -= eta grad_theta
 * (The exact recomputation from the logits that bpteach makes when a cross-entropy
 * term reaches -log TINY = 708.4 is left out: no healthy run gets there.)
 *
 * Usage: stacked_reference DIR K EPOCHS N N_IN N_HID N_OUT SOFTMAX ETA
 * reads   DIR/x (N, n_in) and DIR/t (N, n_out), float64;
 *         DIR/theta (K, P) float64, each row W1 (n_in, n_hid), b1, W2 (n_hid, n_out), b2
 *         in row-major order, as bpteach's Network.theta;
 *         DIR/orders (K, EPOCHS, N) int32, copy k's sample order in each epoch;
 * writes  DIR/theta_out (K, P) and DIR/errors_out (K, EPOCHS), the mean error per sample
 *         of each epoch;
 * prints  the wall-clock and the CPU seconds of the training loop alone.
 */
#define _POSIX_C_SOURCE 199309L
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_WIDTH 64

static void *read_file(const char *dir, const char *name, size_t bytes) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    void *data = malloc(bytes ? bytes : 1);
    if (!f || !data || fread(data, 1, bytes, f) != bytes) {
        fprintf(stderr, "stacked_reference: cannot read %zu bytes from %s\n", bytes, path);
        exit(2);
    }
    fclose(f);
    return data;
}

static void write_file(const char *dir, const char *name, const void *data, size_t bytes) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, bytes, f) != bytes || fclose(f) != 0) {
        fprintf(stderr, "stacked_reference: cannot write %s\n", path);
        exit(2);
    }
}

static double seconds(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc != 10) {
        fprintf(stderr, "usage: %s DIR K EPOCHS N N_IN N_HID N_OUT SOFTMAX ETA\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    const long K = atol(argv[2]), epochs = atol(argv[3]), N = atol(argv[4]);
    const int n_in = atoi(argv[5]), n_hid = atoi(argv[6]), n_out = atoi(argv[7]);
    const int softmax = atoi(argv[8]);
    const double eta = atof(argv[9]);
    if (K < 1 || epochs < 1 || N < 1 || n_in < 1 || n_hid < 1 || n_out < 1 || n_in > MAX_WIDTH
        || n_hid > MAX_WIDTH || n_out > MAX_WIDTH) {
        fprintf(stderr, "stacked_reference: sizes out of range\n");
        return 2;
    }
    const long P = (long)n_in * n_hid + n_hid + (long)n_hid * n_out + n_out;
    double *x = read_file(dir, "x", sizeof(double) * N * n_in);
    double *t = read_file(dir, "t", sizeof(double) * N * n_out);
    double *theta = read_file(dir, "theta", sizeof(double) * K * P);
    int *orders = read_file(dir, "orders", sizeof(int) * K * epochs * N);
    double *errors = malloc(sizeof(double) * K * epochs);
    double *grad = malloc(sizeof(double) * P);
    if (!errors || !grad) return 2;
    const double tiny = DBL_MIN; /* CrossEntropy.TINY */

    double u1[MAX_WIDTH], y1[MAX_WIDTH], y2[MAX_WIDTH], d2[MAX_WIDTH], g1[MAX_WIDTH];
    const double wall0 = seconds(CLOCK_MONOTONIC), cpu0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
    for (long k = 0; k < K; k++) {
        double *W1 = theta + k * P, *b1 = W1 + n_in * n_hid, *W2 = b1 + n_hid, *b2 = W2 + n_hid * n_out;
        double *gW1 = grad, *gb1 = gW1 + n_in * n_hid, *gW2 = gb1 + n_hid, *gb2 = gW2 + n_hid * n_out;
        for (long e = 0; e < epochs; e++) {
            const int *order = orders + (k * epochs + e) * N;
            double total = 0.0;
            for (long s = 0; s < N; s++) {
                const double *xs = x + (long)order[s] * n_in, *ts = t + (long)order[s] * n_out;
                /* forward: hidden layer */
                for (int j = 0; j < n_hid; j++) {
                    double sum = 0.0;
                    for (int i = 0; i < n_in; i++) sum += xs[i] * W1[i * n_hid + j];
                    u1[j] = sum + b1[j];
                    y1[j] = 0.5 + 0.5 * tanh(0.5 * u1[j]);
                }
                /* forward: output layer */
                double top = -INFINITY;
                for (int j = 0; j < n_out; j++) {
                    double sum = 0.0;
                    for (int i = 0; i < n_hid; i++) sum += y1[i] * W2[i * n_out + j];
                    y2[j] = sum + b2[j];
                    if (y2[j] > top) top = y2[j];
                }
                if (softmax) {
                    double norm = 0.0;
                    for (int j = 0; j < n_out; j++) { y2[j] = exp(y2[j] - top); norm += y2[j]; }
                    for (int j = 0; j < n_out; j++) y2[j] /= norm;
                }
                /* error and output delta */
                double err = 0.0;
                for (int j = 0; j < n_out; j++) {
                    d2[j] = y2[j] - ts[j];
                    err += softmax ? ts[j] * log(y2[j] > tiny ? y2[j] : tiny) : d2[j] * d2[j];
                }
                total += softmax ? 0.0 - err : 0.5 * err;
                /* backward: output layer (dE/dy1 with the weights before the update) */
                for (int i = 0; i < n_hid; i++) {
                    double sum = 0.0;
                    for (int j = 0; j < n_out; j++) {
                        gW2[i * n_out + j] = y1[i] * d2[j];
                        sum += d2[j] * W2[i * n_out + j];
                    }
                    g1[i] = sum * (1.0 - y1[i]) * y1[i]; /* delta1 */
                }
                for (int j = 0; j < n_out; j++) gb2[j] = d2[j];
                /* backward: hidden layer */
                for (int i = 0; i < n_in; i++)
                    for (int j = 0; j < n_hid; j++) gW1[i * n_hid + j] = xs[i] * g1[j];
                for (int j = 0; j < n_hid; j++) gb1[j] = g1[j];
                /* theta -= eta grad_theta */
                for (long p = 0; p < P; p++) W1[p] -= eta * grad[p];
            }
            errors[k * epochs + e] = total / N;
        }
    }
    const double wall = seconds(CLOCK_MONOTONIC) - wall0, cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
    write_file(dir, "theta_out", theta, sizeof(double) * K * P);
    write_file(dir, "errors_out", errors, sizeof(double) * K * epochs);
    printf("%.9f %.9f\n", wall, cpu);
    return 0;
}
