-- Retention: when the sweep deletes a report, and when it removes the stored message body.
-- AlterTable
ALTER TABLE "Report" ADD COLUMN "bodyExpiresAt" DATETIME;
ALTER TABLE "Report" ADD COLUMN "expiresAt" DATETIME;

-- CreateIndex
CREATE INDEX "Report_expiresAt_idx" ON "Report"("expiresAt");

-- CreateIndex
CREATE INDEX "Report_bodyExpiresAt_idx" ON "Report"("bodyExpiresAt");
