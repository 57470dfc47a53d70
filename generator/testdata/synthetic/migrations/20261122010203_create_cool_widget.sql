-- yours once applied
CREATE TABLE cool_widget (id bigint);
