-- Trunk passwords are sealed with the key vault before they are stored (Vault: "sealed:v1:" and
-- the Base64 of nonce, ciphertext and tag): longer than the clear text. Passwords stored before
-- are sealed at the next start (TrunkPasswords).
ALTER TABLE trunk ALTER COLUMN password SET DATA TYPE VARCHAR(512);
