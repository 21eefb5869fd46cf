-- person keys keep diacritics
DELETE FROM entity_keys WHERE entity_type = 'Person';
