import Foundation

/// Prompts' features stored row by row (compressed sparse rows).
package struct SparseMatrix: Sendable {
    package var rowStart: [Int] = [0]
    package var index: [Int32] = []
    package var value: [Float] = []
    package var columns: Int

    package init(columns: Int) { self.columns = columns }

    package var rows: Int { rowStart.count - 1 }

    package mutating func append(_ f: SparseFeatures) {
        index += f.index
        value += f.value
        rowStart.append(index.count)
    }

    @inline(__always) package func dot(_ row: Int, _ w: UnsafeBufferPointer<Double>) -> Double {
        var s = 0.0
        for k in rowStart[row]..<rowStart[row + 1] { s += Double(value[k]) * w[Int(index[k])] }
        return s
    }
}

/// L2-regularised logistic regression fitted by L-BFGS (full batch, deterministic).
///
/// Minimises `(1/n) Σ [log(1 + e^z) − y·z] + (λ/2)‖w‖²` with `z = b + x·w`; the bias `b` is not
/// regularised. Labels may be fractional (soft correctness).
package enum LogisticRegression {
    package struct Fit: Sendable {
        package var weights: [Double]
        package var bias: Double
        /// Mean log-loss on the training rows (without the penalty).
        package var logLoss: Double
        package var iterations: Int
    }

    package static func fit(_ x: SparseMatrix, rows: [Int], labels: [Double], lambda: Double,
                    maxIterations: Int = 300, tolerance: Double = 1e-7) -> Fit {
        precondition(rows.count == labels.count && !rows.isEmpty)
        let d = x.columns
        let n = Double(rows.count)
        let mean = min(max(labels.reduce(0, +) / n, 1e-4), 1 - 1e-4)
        // Parameters: d weights then the bias.
        var theta = [Double](repeating: 0, count: d + 1)
        theta[d] = log(mean / (1 - mean))

        func evaluate(_ p: [Double], _ grad: inout [Double]) -> (objective: Double, logLoss: Double) {
            for j in 0..<grad.count { grad[j] = 0 }
            var loss = 0.0
            p.withUnsafeBufferPointer { w in
                grad.withUnsafeMutableBufferPointer { g in
                    let b = w[d]
                    for (r, row) in rows.enumerated() {
                        let z = b + x.dot(row, w)
                        let y = labels[r]
                        // log(1 + e^z) computed stably.
                        let softplus = z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
                        loss += softplus - y * z
                        let residual = 1 / (1 + exp(-z)) - y
                        for k in x.rowStart[row]..<x.rowStart[row + 1] {
                            g[Int(x.index[k])] += residual * Double(x.value[k])
                        }
                        g[d] += residual
                    }
                }
            }
            var penalty = 0.0
            for j in 0..<d {
                grad[j] = grad[j] / n + lambda * p[j]
                penalty += p[j] * p[j]
            }
            grad[d] /= n
            return (loss / n + 0.5 * lambda * penalty, loss / n)
        }

        let memory = 10
        var sHistory: [[Double]] = [], yHistory: [[Double]] = [], rhoHistory: [Double] = []
        var grad = [Double](repeating: 0, count: d + 1)
        var (f, logLoss) = evaluate(theta, &grad)
        var iterations = 0
        var newGrad = grad
        while iterations < maxIterations {
            let gnorm = grad.reduce(0) { max($0, abs($1)) }
            if gnorm < tolerance { break }
            // Two-loop recursion: direction = −H·g.
            var q = grad
            var alphas = [Double](repeating: 0, count: sHistory.count)
            for i in stride(from: sHistory.count - 1, through: 0, by: -1) {
                let a = rhoHistory[i] * dotProduct(sHistory[i], q)
                alphas[i] = a
                axpy(-a, yHistory[i], &q)
            }
            if let sLast = sHistory.last, let yLast = yHistory.last {
                let gamma = dotProduct(sLast, yLast) / dotProduct(yLast, yLast)
                for j in 0..<q.count { q[j] *= gamma }
            } else {
                let scale = 1 / max(gnorm, 1)
                for j in 0..<q.count { q[j] *= scale }
            }
            for i in 0..<sHistory.count {
                let beta = rhoHistory[i] * dotProduct(yHistory[i], q)
                axpy(alphas[i] - beta, sHistory[i], &q)
            }
            var direction = q.map { -$0 }
            var slope = dotProduct(grad, direction)
            if slope >= 0 {
                // Not a descent direction: restart from steepest descent.
                sHistory.removeAll(); yHistory.removeAll(); rhoHistory.removeAll()
                direction = grad.map { -$0 / max(gnorm, 1) }
                slope = dotProduct(grad, direction)
            }
            // Backtracking line search (Armijo).
            var step = 1.0
            var candidate = theta
            var accepted = false
            var newF = f, newLogLoss = logLoss
            for _ in 0..<40 {
                for j in 0..<theta.count { candidate[j] = theta[j] + step * direction[j] }
                (newF, newLogLoss) = evaluate(candidate, &newGrad)
                if newF <= f + 1e-4 * step * slope { accepted = true; break }
                step *= 0.5
            }
            iterations += 1
            if !accepted { break }
            var s = [Double](repeating: 0, count: theta.count), y = s
            for j in 0..<theta.count { s[j] = candidate[j] - theta[j]; y[j] = newGrad[j] - grad[j] }
            let sy = dotProduct(s, y)
            if sy > 1e-12 {
                sHistory.append(s); yHistory.append(y); rhoHistory.append(1 / sy)
                if sHistory.count > memory { sHistory.removeFirst(); yHistory.removeFirst(); rhoHistory.removeFirst() }
            }
            let decrease = f - newF
            theta = candidate; grad = newGrad; f = newF; logLoss = newLogLoss
            if decrease < 1e-10 * max(1, abs(f)) { break }
        }
        return Fit(weights: Array(theta[0..<d]), bias: theta[d], logLoss: logLoss, iterations: iterations)
    }

    @inline(__always) static package func dotProduct(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for j in 0..<a.count { s += a[j] * b[j] }
        return s
    }

    @inline(__always) static package func axpy(_ a: Double, _ x: [Double], _ y: inout [Double]) {
        for j in 0..<x.count { y[j] += a * x[j] }
    }
}
