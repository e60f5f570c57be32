package org.mintpost.dispatch.service;

/** A job that can never be delivered as it is (no recipients, bad base64, bad address...). */
public class InvalidJobException extends Exception {

    public InvalidJobException(String reason) {
        super(reason, null, false, false);
    }
}
